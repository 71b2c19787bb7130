"""Every chart colour reads on white, and Händelser's categories survive deuteranopia.

The ratios follow WCAG 2.x (relative luminance of sRGB); 3:1 is the level WCAG 1.4.11 asks of
graphical objects such as chart lines. Deuteranopia is simulated with Machado, Oliveira and
Fernandes (2009), severity 1, and colours are compared in CIELAB (D65).
"""

from __future__ import annotations

import itertools

import pytest

from trygghet.core import style

MACHADO_DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def _linear(colour: str) -> tuple[float, float, float]:
    hexa = colour.lstrip("#")
    channels = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def _luminance(colour: str) -> float:
    r, g, b = _linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _deuteranope(colour: str) -> tuple[float, float, float]:
    rgb = _linear(colour)
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
        for row in MACHADO_DEUTERANOPIA
    )
    return r, g, b


def distance_deuteranopia(a: str, b: str) -> float:
    la, lb = _lab(_deuteranope(a)), _lab(_deuteranope(b))
    return sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5


def test_the_formula_matches_known_ratios() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    # The figure for Okabe-Ito orange, the old comparison colour.
    assert contrast("#E69F00", "#FFFFFF") == pytest.approx(2.25, abs=0.01)


@pytest.mark.parametrize("colour", style.PALETTE)
def test_every_palette_colour_has_3_to_1_against_the_background(colour: str) -> None:
    assert contrast(colour, style.BACKGROUND) >= 3.0, colour


@pytest.mark.parametrize(
    "role", ["KOMMUN", "COMPARISON", "RIKET", "FIT", "OUTLINE", "MUTED_TEXT", "REFERENCE"]
)
def test_every_line_role_has_3_to_1_against_the_background(role: str) -> None:
    assert contrast(getattr(style, role), style.BACKGROUND) >= 3.0, role


def test_the_line_roles_use_the_palette() -> None:
    assert style.KOMMUN_LINE["color"] == style.KOMMUN
    assert style.COMPARISON_LINE["color"] == style.COMPARISON
    assert style.RIKET_LINE["color"] == style.RIKET


def test_the_plot_background_is_the_background_tested() -> None:
    assert style.LAYOUT["plot_bgcolor"].upper() in {style.BACKGROUND, "WHITE"}


def test_categories_that_look_alike_under_deuteranopia_have_different_patterns() -> None:
    assert style.CATEGORY_PATTERNS.keys() == style.CATEGORY_COLOURS.keys()
    confusable = []
    for a, b in itertools.combinations(style.CATEGORY_COLOURS, 2):
        near = (
            distance_deuteranopia(style.CATEGORY_COLOURS[a], style.CATEGORY_COLOURS[b])
            < style.CVD_MIN_DISTANCE
        )
        if near and style.CATEGORY_PATTERNS[a] == style.CATEGORY_PATTERNS[b]:
            confusable.append((a, b))
    assert not confusable
    # The two pairs the issue names are told apart.
    for a, b in (("våld", "skadegörelse"), ("hot", "övrigt")):
        assert style.CATEGORY_PATTERNS[a] != style.CATEGORY_PATTERNS[b]
