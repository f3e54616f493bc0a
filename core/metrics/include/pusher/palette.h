// Palette: the colours of a run's series, shared by the app's charts and the HTML report.
#pragma once

#include <array>
#include <cstdint>

namespace pusher::palette {

// workers are the colours of the workers, by the order in which a run lists them (sorted by
// ident): Tableau-like mid-tones that keep their contrast on light and dark backgrounds. Past
// the tenth worker the colours repeat a shade lighter or darker.
inline constexpr std::array<std::uint32_t, 10> workers = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
                                                          0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                                          0xbcbd22, 0x17becf};
// latency are p50, p90, p99 and max: a warm sequence that reads as rising severity and does
// not look like the workers' colours.
inline constexpr std::array<std::uint32_t, 4> latency = {0x2a9d8f, 0xe9a23b, 0xe05a2b, 0xb0306a};
inline constexpr std::uint32_t errors = 0xd62728;
inline constexpr std::uint32_t canceled = 0xe09b1a;
// others is the line of the workers folded together beyond the charts' limit (drawn
// dash-dotted, so it is not taken for the grey of the eighth worker).
inline constexpr std::uint32_t others = 0x9a9a9a;
// text is the total's colour on a light background (the app draws the total in the
// palette's text colour, light or dark).
inline constexpr std::uint32_t text = 0x222222;

} // namespace pusher::palette
