"""Link charts over the vault: the neighbour provider, a report's chart, saved charts, the chart
printed in the PDF."""
