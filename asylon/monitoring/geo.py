"""The border sections the project ships: named areas with a schematic boundary.

The boundaries are generated boxes around each stretch of border (not survey-grade
lines): enough to check that a recorded point lies in the region it claims and to draw
aggregated figures on a map without a tile server. `static/monitoring/border_sections.geojson`
is written from this table by `manage.py monitoring_geojson`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BorderSection:
    code: str
    name: str
    countries: tuple[str, str]
    # south, west, north, east
    bbox: tuple[float, float, float, float]

    def contains(self, latitude: float, longitude: float) -> bool:
        south, west, north, east = self.bbox
        return south <= latitude <= north and west <= longitude <= east

    @property
    def centre(self) -> tuple[float, float]:
        south, west, north, east = self.bbox
        return ((south + north) / 2, (west + east) / 2)


SECTIONS = [
    BorderSection("evros", _("Evros river (Greece–Türkiye)"), ("GR", "TR"),
                  (40.80, 25.90, 41.75, 26.70)),
    BorderSection("aegean", _("Aegean islands (Greece–Türkiye)"), ("GR", "TR"),
                  (38.90, 25.80, 39.45, 26.70)),
    BorderSection("una", _("Una river (Croatia–Bosnia and Herzegovina)"), ("HR", "BA"),
                  (44.60, 15.60, 45.30, 16.40)),
    BorderSection("horgos", _("Horgoš–Kelebija (Hungary–Serbia)"), ("HU", "RS"),
                  (45.90, 19.30, 46.30, 20.30)),
    BorderSection("podlasie", _("Podlasie forest (Poland–Belarus)"), ("PL", "BY"),
                  (52.20, 23.20, 53.90, 24.10)),
    BorderSection("strandzha", _("Strandzha (Bulgaria–Türkiye)"), ("BG", "TR"),
                  (41.70, 26.30, 42.10, 28.00)),
]
BY_CODE = {s.code: s for s in SECTIONS}
CHOICES = [(s.code, s.name) for s in SECTIONS]


def geojson() -> dict:
    features = []
    for s in SECTIONS:
        south, west, north, east = s.bbox
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append({"type": "Feature", "id": s.code,
                         "properties": {"code": s.code, "name": str(s.name),
                                        "countries": list(s.countries)},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}
