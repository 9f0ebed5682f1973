"""The map scene: country outlines (a choropleth of report counts), clustered place points
and an optional raster layer, in Web Mercator kilometres (scene y grows southwards).

Clusters are rebuilt when the zoom changes (``set_scale``): points closer than ~40 px on
screen merge into one disc showing how many reports and entities it holds. Discs and labels
ignore the view's transformation, so they keep their size at every zoom.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from sirat.domain.vocab import EntityId, ReportId
from sirat.geo.basemap import Basemap
from sirat.geo.countries import MEMBER_STATES
from sirat.geo.mercator import project, tile_bounds
from sirat.geo.points import Cluster, MapData, cluster
from sirat.services.stats.choropleth import StatChoropleth

CLUSTER_PX: Final = 40.0
#: Sequential blues for the choropleth (no reports: the land colour).
PALETTE: Final = ("#f4f1ea", "#dbe7f3", "#b3cde6", "#7fadd6", "#4a89c2", "#23629f")
SEA: Final = QColor("#e8eff5")
BORDER: Final = QColor("#8a8f96")
POINT: Final = QColor("#c0392b")
#: The hatching of a country whose count is hidden from an observer (a statistic's map).
HIDDEN: Final = "#9a9a9a"


def km(lon: float, lat: float) -> QPointF:
    x, y = project(lon, lat)
    return QPointF(x / 1000, -y / 1000)


def colour_for(count: int, top: int) -> str:
    if count <= 0 or top <= 0:
        return PALETTE[0]
    step = 1 + min(len(PALETTE) - 2, int((len(PALETTE) - 1) * count / (top + 1)))
    return PALETTE[step]


class ClusterItem(QGraphicsEllipseItem):
    def __init__(self, group: Cluster, radius: float) -> None:
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.cluster = group
        self.setPos(group.x / 1000, -group.y / 1000)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setBrush(QBrush(POINT))
        self.setPen(QPen(QColor("white"), 1.5))
        self.setZValue(10)
        self.highlighted = False
        names = sorted({p.name for p in group.points})
        written = list(dict.fromkeys(s for p in group.points for s in p.spellings))
        as_written = f"\nas written: {', '.join(written[:8])}" if written else ""
        self.setToolTip(f"{', '.join(names[:6])}{as_written}\n"
                        f"{len(group.report_ids)} report(s)")
        text = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")
        if written and len(names) == 1:
            text += f" · {', '.join(written[:2])}"
        # A pale plate under the name: legible over the choropleth's darkest blue too.
        plate = QGraphicsRectItem(self)
        caption = QGraphicsSimpleTextItem(text, self)
        small = QFont()
        small.setPointSizeF(7.5)
        caption.setFont(small)
        caption.setBrush(QColor("#222222"))
        caption.setPos(radius + 3, -caption.boundingRect().height() / 2)
        plate.setRect(caption.mapRectToParent(caption.boundingRect()).adjusted(-2, 0, 2, 0))
        plate.setBrush(QColor(255, 255, 255, 205))
        plate.setPen(QPen(Qt.PenStyle.NoPen))
        if group.weight > 1:
            count = QGraphicsSimpleTextItem(str(group.weight), self)
            font = QFont()
            font.setPointSizeF(7.5)
            font.setBold(True)
            count.setFont(font)
            count.setBrush(QColor("white"))
            r = count.boundingRect()
            count.setPos(-r.width() / 2, -r.height() / 2)

    def set_highlighted(self, on: bool) -> None:
        self.highlighted = on
        self.setPen(QPen(QColor("#111111"), 3.0) if on else QPen(QColor("white"), 1.5))


class MapScene(QGraphicsScene):
    def __init__(self, basemap: Basemap) -> None:
        super().__init__()
        self.basemap = basemap
        self.data = MapData()
        self.country_items: dict[str, QGraphicsPathItem] = {}
        self.label_items: dict[str, QGraphicsSimpleTextItem] = {}
        self.cluster_items: list[ClusterItem] = []
        self.raster_items: list[QGraphicsPixmapItem] = []
        self.scale_px_per_km = 1.0
        self.highlight: set[int] = set()
        self.highlight_entities: set[int] = set()
        self.statistic: StatChoropleth | None = None
        self.setBackgroundBrush(SEA)
        self._build_countries()
        west, south, east, north = basemap.bbox
        self.region = QRectF(km(west, north), km(east, south))
        self.setSceneRect(self.region.adjusted(-200, -200, 200, 200))

    def _build_countries(self) -> None:
        font = QFont()
        font.setPointSizeF(7.5)
        for shape in self.basemap.countries:
            path = QPainterPath()
            for ring in shape.rings:
                path.addPolygon([km(lon, lat) for lon, lat in ring])
                path.closeSubpath()
            item = QGraphicsPathItem(path)
            pen = QPen(BORDER, 0.8)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setBrush(QColor(PALETTE[0]))
            item.setZValue(1)
            self.addItem(item)
            self.country_items[shape.code] = item
            label = QGraphicsSimpleTextItem(shape.name)
            label.setFont(font)
            label.setBrush(QColor("#555555"))
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            label.setPos(km(*shape.label_point()))
            box = label.boundingRect()  # centred on the point, in pixels at every zoom
            label.setTransform(QTransform.fromTranslate(-box.width() / 2, -box.height() / 2))
            label.setZValue(5)
            label.setVisible(shape.code in MEMBER_STATES or shape.code in ("XK", "HR", "SI"))
            self.addItem(label)
            self.label_items[shape.code] = label

    # ---- content -------------------------------------------------------------------------
    def set_data(self, data: MapData) -> None:
        self.data = data
        self._paint_countries()
        self.recluster()

    def set_statistic(self, statistic: StatChoropleth | None) -> None:
        """Colour the countries by a statistic (None: by the listed reports again)."""
        self.statistic = statistic
        self._paint_countries()

    def _paint_countries(self) -> None:
        stat = self.statistic
        values: dict[str, int | None] = dict(self.data.counts) if stat is None else stat.values
        what = "report(s)" if stat is None else stat.measure
        top = max((v for v in values.values() if v is not None), default=0)
        for code, item in self.country_items.items():
            count = values.get(code, 0)
            name = self.label_items[code].text()
            if count is None:  # suppressed for an observer: no colour class, no number
                item.setBrush(QBrush(QColor(HIDDEN), Qt.BrushStyle.BDiagPattern))
                self.label_items[code].setBrush(QColor("#555555"))
                item.setToolTip(f"{name}: not shown (small count)")
                continue
            fill = colour_for(count, top)
            item.setBrush(QColor(fill))
            # A name on the darkest blues is written in white.
            dark = fill in PALETTE[-2:]
            self.label_items[code].setBrush(QColor("white" if dark else "#555555"))
            item.setToolTip(f"{name}: {count} {what}")

    def set_scale(self, px_per_km: float) -> None:
        if abs(px_per_km - self.scale_px_per_km) > 1e-9:
            self.scale_px_per_km = px_per_km
            self.recluster()

    def recluster(self) -> None:
        for item in self.cluster_items:
            self.removeItem(item)
        self.cluster_items = []
        cell = CLUSTER_PX / max(self.scale_px_per_km, 1e-9) * 1000  # metres
        for group in cluster(self.data.points, cell):
            radius = min(18.0, 5.0 + 2.2 * (group.weight ** 0.5))
            item = ClusterItem(group, radius)
            item.set_highlighted(self._lit(group))
            self.addItem(item)
            self.cluster_items.append(item)

    def _lit(self, group: Cluster) -> bool:
        return bool(self.highlight & group.report_ids) or any(
            e in self.highlight_entities for p in group.points for e in p.entity_ids)

    def set_highlight(self, report_ids: Iterable[ReportId],
                      entity_ids: Iterable[EntityId] = ()) -> None:
        """Ring the discs holding a selected report, or a selected (address) entity."""
        self.highlight = set(report_ids)
        self.highlight_entities = set(entity_ids)
        for item in self.cluster_items:
            item.set_highlighted(self._lit(item.cluster))

    def selected_reports(self) -> list[int]:
        return sorted({r for i in self.selectedItems() if isinstance(i, ClusterItem)
                       for r in i.cluster.report_ids})

    def selected_entities(self) -> list[int]:
        """The entities placed at the selected discs (an address, who resides or is located
        at it): the chart selects their nodes, the timeline their lanes' items."""
        return sorted({e for i in self.selectedItems() if isinstance(i, ClusterItem)
                       for p in i.cluster.points for e in p.entity_ids})

    # ---- raster layer --------------------------------------------------------------------
    def set_raster(self, z: int, tiles: Sequence[tuple[int, int, bytes]]) -> int:
        """Show decoded tiles under the outlines; returns how many could be decoded."""
        self.clear_raster()
        for col, row, data in tiles:
            pixmap = QPixmap()
            if not pixmap.loadFromData(data):
                continue
            west, _south, east, north = tile_bounds(z, col, row)
            tile = QGraphicsPixmapItem(pixmap)
            tile.setPos(west / 1000, -north / 1000)
            tile.setScale((east - west) / 1000 / max(1, pixmap.width()))
            tile.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            tile.setZValue(0)
            self.addItem(tile)
            self.raster_items.append(tile)
        for item in self.country_items.values():  # outlines over the raster, see-through
            colour = item.brush().color()
            colour.setAlpha(110 if self.raster_items else 255)
            item.setBrush(colour)
        return len(self.raster_items)

    def clear_raster(self) -> None:
        for item in self.raster_items:
            self.removeItem(item)
        self.raster_items = []
