"""Pure export layer: what a recipient may see, the dissemination PDF, its signature.

Nothing here touches the database or Qt. The services map vault rows into the input
dataclasses of :mod:`sirat.export.types`, :func:`sirat.export.release.build_release_view`
decides what a recipient may see, :mod:`sirat.export.pdf` renders that view and
:mod:`sirat.export.sign` / :mod:`sirat.export.verify` sign and check the file.

This package module deliberately imports nothing: reportlab (~120 ms) and pyHanko
(~400 ms) are imported only when an export or a verification actually starts.
"""
