"""The offline map view (Qt): ``MapWindow`` around a ``QGraphicsView`` of a ``MapScene``."""
