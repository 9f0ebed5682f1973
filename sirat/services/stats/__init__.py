"""Statistics over approved reports and the periodic analytical product.

``query`` counts (SQL ``GROUP BY``, frozen cells), ``product`` drafts and stores an
analytical product's figures, ``release`` decides what a recipient reads of them
(small-cell suppression for observers), ``tabular`` writes tables as CSV and XLSX.
See docs/statistics.md.
"""
