// The document as an A4 PDF through cairo + pango: real text (selectable, with
// Danish letters and any script pango can shape), wrapped, paginated between
// lines by pdf_pages, with "Page N of M" on every page.
#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>

#include "export/document.hpp"
#include "export/pdf_pages.hpp"
#include "export/strings.hpp"

namespace tavle::exporting {
namespace {

using pdf::Box;
using pdf::Fill;
using pdf::LayoutPtr;
using pdf::Piece;
using pdf::Stroke;  // issue 14
using pdf::Rgb;

constexpr double kPageWidth = 595.28, kPageHeight = 841.89;  // A4 in points
constexpr double kMargin = 56.7;                             // 20 mm
constexpr double kTextWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterBaseline = kPageHeight - 34;
constexpr double kTextBottom = kPageHeight - 62;

constexpr Rgb kInk{0.11, 0.15, 0.20}, kMuted{0.36, 0.40, 0.46}, kAccent{0.12, 0.31, 0.47};
constexpr Rgb kFlag{0.70, 0.15, 0.12}, kRule{0.82, 0.85, 0.89}, kCardShade{0.965, 0.973, 0.98};
constexpr Rgb kFlagShade{0.99, 0.95, 0.945}, kHeaderShade{0.93, 0.95, 0.965};
constexpr Rgb kRangeShade{0.70, 0.80, 0.89};  // issue 14: the history chart's range bars

constexpr const char* kBody = "DejaVu Sans 11";
constexpr const char* kBodyItalic = "DejaVu Sans Italic 10";
constexpr const char* kSmallBold = "DejaVu Sans Bold 8.5";
constexpr const char* kSmall = "DejaVu Sans 8.5";
constexpr const char* kHeading = "DejaVu Sans Bold 15";
constexpr const char* kTitle = "DejaVu Sans Bold 24";
constexpr const char* kSubtitle = "DejaVu Sans 14";
constexpr const char* kFooter = "DejaVu Sans 8.5";

// Makes layouts that measure exactly as they will be drawn in the PDF.
class Typesetter {
 public:
  // A font map of its own (not pango's per-thread default) so that its caches are
  // freed with the document instead of living until the process ends.
  explicit Typesetter(cairo_t* cr)
      : font_map_(pango_cairo_font_map_new()), context_(pango_font_map_create_context(font_map_)) {
    pango_cairo_update_context(cr, context_);
    pango_cairo_context_set_resolution(context_, 72);  // PDF user space is in points
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(context_, FALSE);
  }
  ~Typesetter() {
    g_object_unref(context_);
    g_object_unref(font_map_);
  }
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  // Wrapped at word boundaries, and inside words too long for a line.
  // `bold_prefix` bytes at the start are set in bold (a field's label).
  LayoutPtr layout(const std::string& text, const char* font, double width, std::size_t bold_prefix = 0) const {
    LayoutPtr layout(pango_layout_new(context_));
    PangoFontDescription* description = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout.get(), description);
    pango_font_description_free(description);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    PangoAttrList* attributes = pango_attr_list_new();
    // A word broken across lines keeps exactly the family's letters: no added hyphen.
    pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(FALSE));
    if (bold_prefix > 0) {
      PangoAttribute* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
      bold->start_index = 0;
      bold->end_index = static_cast<guint>(bold_prefix);
      pango_attr_list_insert(attributes, bold);
    }
    pango_layout_set_attributes(layout.get(), attributes);
    pango_attr_list_unref(attributes);
    return layout;
  }

 private:
  PangoFontMap* font_map_;
  PangoContext* context_;
};

double height_of(const LayoutPtr& layout) {
  int width = 0, height = 0;
  pango_layout_get_size(layout.get(), &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

// Adds a layout below what the box already holds; returns its height.
double stack(Box& box, LayoutPtr layout, double x, double gap, Rgb color) {
  double h = height_of(layout);
  box.pieces.push_back({std::move(layout), x, box.height + gap, color});
  box.height += gap + h;
  return h;
}

class BoxBuilder {
 public:
  explicit BoxBuilder(const Typesetter& type) : type_(type) {}

  std::vector<Box> build(const Document& doc) {
    title(doc);
    for (const Section& section : doc.sections) {
      heading(section.heading);
      boxes_.back().page_break_before = section.own_page;  // issue 15
      for (std::size_t i = 0; i < section.blocks.size(); ++i) {
        add(section.blocks[i]);
        // A section's intro (a note or paragraph under the heading) explains what follows:
        // it stays with it, never alone at the bottom of a page.
        const BlockKind kind = section.blocks[i].kind;
        if (i == 0 && i + 1 < section.blocks.size() && (kind == BlockKind::Note || kind == BlockKind::Paragraph))
          boxes_.back().keep_with_next = true;
        if (section.blocks[i].keeps_with_next && i + 1 < section.blocks.size()) boxes_.back().keep_with_next = true;
      }
    }
    return std::move(boxes_);
  }

 private:
  void title(const Document& doc) {
    Box box;
    stack(box, type_.layout(doc.title, kTitle, kTextWidth), 0, 0, kAccent);
    if (!doc.subtitle.empty()) stack(box, type_.layout(doc.subtitle, kSubtitle, kTextWidth), 0, 4, kInk);
    stack(box, type_.layout(doc.intro, kBodyItalic, kTextWidth), 0, 6, kMuted);
    box.height += 8;
    box.fills.push_back({0, box.height - 1.5, kTextWidth, 1.5, kAccent});
    box.keep_with_next = true;
    boxes_.push_back(std::move(box));
  }

  void heading(const std::string& text) {
    Box box;
    box.space_before = 18;
    stack(box, type_.layout(text, kHeading, kTextWidth), 0, 0, kAccent);
    box.height += 3;
    box.fills.push_back({0, box.height - 0.75, kTextWidth, 0.75, kRule});
    box.height += 4;
    box.keep_with_next = true;
    boxes_.push_back(std::move(box));
  }

  void add(const Block& block) {
    switch (block.kind) {
      case BlockKind::Paragraph:
        return text(block.text, kBody, kInk);
      case BlockKind::Note:
        return text(block.text, kBodyItalic, kMuted);
      case BlockKind::Fields:
        return fields(block.fields);
      case BlockKind::Item:
        return item(block);
      case BlockKind::Table:
        return table(block);
      case BlockKind::Scale:
        return scale(block);
      case BlockKind::History:
        return history(block);  // issue 14
    }
  }

  // issue 14: the scale over the family's meetings: 0..10 up the side with a faint
  // rule at every even number, per meeting a bar from the lowest to the highest
  // number and a dot on the average, the averages joined by a line, dates below.
  void history(const Block& chart) {
    constexpr double kAxis = 20, kTop = 6, kPlot = 120, kBar = 7;
    const double plot_width = kTextWidth - kAxis - 4;
    const double column = plot_width / static_cast<double>(chart.history.size());
    auto y_of = [&](double v) { return kTop + kPlot * (1 - v / 10); };
    auto x_of = [&](std::size_t i) { return kAxis + column * (static_cast<double>(i) + 0.5); };
    Box box;
    box.space_before = 8;
    box.keep_together = true;
    for (int v = 0; v <= 10; v += 2) {
      box.fills.push_back({kAxis, y_of(v) - 0.25, plot_width, 0.5, kRule});
      LayoutPtr number = type_.layout(std::to_string(v), kSmall, kAxis - 4);
      pango_layout_set_alignment(number.get(), PANGO_ALIGN_RIGHT);
      const double h = height_of(number);
      box.pieces.push_back({std::move(number), 0, y_of(v) - h / 2, kMuted});
    }
    Stroke line{{}, 1.6, kAccent, true};
    double below = kTop + kPlot + 4;
    for (std::size_t i = 0; i < chart.history.size(); ++i) {
      const HistoryPoint& p = chart.history[i];
      if (p.lowest >= 0) {
        const double top = y_of(p.highest), bottom = y_of(p.lowest);
        box.fills.push_back({x_of(i) - kBar / 2, top - 1, kBar, bottom - top + 2, kRangeShade});
        line.points.push_back({x_of(i), y_of(p.average)});
      }
      LayoutPtr date = type_.layout(p.label, p.current ? kSmallBold : kSmall, column - 2);
      pango_layout_set_alignment(date.get(), PANGO_ALIGN_CENTER);
      below = std::max(below, kTop + kPlot + 4 + height_of(date));
      box.pieces.push_back({std::move(date), x_of(i) - column / 2 + 1, kTop + kPlot + 4, kInk});
    }
    box.strokes.push_back(std::move(line));
    box.height = below + 2;
    boxes_.push_back(std::move(box));
  }

  // The scale 0..10 as coloured steps (red to green), each person's name stacked
  // above the number they chose.
  void scale(const Block& scale) {
    constexpr double kBar = 7, kGap = 1.5;
    const double step = kTextWidth / 11;
    std::vector<std::vector<LayoutPtr>> names(11);
    std::vector<double> stack_height(11, 0);
    for (const ScaleMark& mark : scale.marks) {
      auto v = static_cast<std::size_t>(mark.value);
      LayoutPtr name = type_.layout(mark.name, kSmall, step - 2);
      pango_layout_set_alignment(name.get(), PANGO_ALIGN_CENTER);
      stack_height[v] += height_of(name) + kGap;
      names[v].push_back(std::move(name));
    }
    double bar_y = *std::max_element(stack_height.begin(), stack_height.end()) + 2;
    Box box;
    box.space_before = 10;
    box.keep_together = true;
    for (std::size_t v = 0; v <= 10; ++v) {
      double x = static_cast<double>(v) * step, y = bar_y - stack_height[v];
      for (LayoutPtr& name : names[v]) {
        double h = height_of(name);
        box.pieces.push_back({std::move(name), x + 1, y, kInk});
        y += h + kGap;
      }
      double t = static_cast<double>(v) / 10;  // red (0) through amber to green (10)
      box.fills.push_back({x + 0.5, bar_y, step - 1, kBar, {0.80 - 0.55 * t, 0.30 + 0.45 * t * (2 - t), 0.25}});
      LayoutPtr number = type_.layout(std::to_string(v), kSmallBold, step);
      pango_layout_set_alignment(number.get(), PANGO_ALIGN_CENTER);
      box.height = bar_y + kBar + 2 + height_of(number);
      box.pieces.push_back({std::move(number), x, bar_y + kBar + 2, kInk});
    }
    boxes_.push_back(std::move(box));
  }

  void text(const std::string& text, const char* font, Rgb color) {
    Box box;
    box.space_before = 6;
    stack(box, type_.layout(text, font, kTextWidth), 0, 0, color);
    boxes_.push_back(std::move(box));
  }

  // Labels in a column of their own, values beside them.
  void fields(const std::vector<Field>& fields) {
    constexpr double kLabelWidth = 120;
    for (const Field& field : fields) {
      Box box;
      box.space_before = 3;
      LayoutPtr label = type_.layout(field.label, kBody, kLabelWidth - 8, field.label.size());
      LayoutPtr value = type_.layout(field.value, kBody, kTextWidth - kLabelWidth);
      double h = std::max(height_of(label), height_of(value));
      box.pieces.push_back({std::move(label), 0, 0, kInk});
      box.pieces.push_back({std::move(value), kLabelWidth, 0, kInk});
      box.height = h;
      boxes_.push_back(std::move(box));
    }
  }

  void item(const Block& item) {
    constexpr double kInset = 11, kPad = 5;
    double width = kTextWidth - kInset - 6;
    Box box;
    box.space_before = 6;
    box.height = kPad;
    if (!item.tag.empty())
      stack(box, type_.layout(item.tag, kSmallBold, width), kInset, 0, item.flagged ? kFlag : kMuted);
    stack(box, type_.layout(item.text, kBody, width), kInset, item.tag.empty() ? 0 : 2, kInk);
    for (const Field& field : item.fields) {
      std::string line = field.label + ": " + field.value;
      stack(box, type_.layout(line, kBody, width, field.label.size() + 1), kInset, 2, kInk);
    }
    box.height += kPad;
    box.fills.push_back({0, 0, kTextWidth, box.height, item.flagged ? kFlagShade : kCardShade});
    box.fills.push_back({0, 0, 3, box.height, item.flagged ? kFlag : kAccent});
    boxes_.push_back(std::move(box));
  }

  void table(const Block& table) {
    std::vector<double> widths = column_widths(table);
    std::size_t header = boxes_.size();
    boxes_.push_back(row(table.header, widths, true));
    for (const auto& cells : table.rows) {
      boxes_.push_back(row(cells, widths, false));
      boxes_.back().header = header;
    }
  }

  Box row(const std::vector<std::string>& cells, const std::vector<double>& widths, bool header) {
    constexpr double kPadX = 5, kPadY = 3.5;
    Box box;
    box.space_before = header ? 6 : 0;
    box.keep_with_next = header;
    box.keep_together = true;
    double x = 0, tallest = 0;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string& cell = i < cells.size() ? cells[i] : std::string();
      LayoutPtr layout = type_.layout(cell, kBody, widths[i] - 2 * kPadX, header ? cell.size() : 0);
      tallest = std::max(tallest, height_of(layout));
      box.pieces.push_back({std::move(layout), x + kPadX, kPadY, kInk});
      x += widths[i];
    }
    box.height = tallest + 2 * kPadY;
    if (header) box.fills.push_back({0, 0, kTextWidth, box.height, kHeaderShade});
    box.fills.push_back({0, box.height - 0.5, kTextWidth, 0.5, kRule});
    return box;
  }

  // Narrow columns keep their natural width; the rest share what is left.
  std::vector<double> column_widths(const Block& table) const {
    std::size_t n = table.header.size();
    std::vector<double> natural(n, 0);
    auto measure = [&](const std::vector<std::string>& cells, bool bold) {
      for (std::size_t i = 0; i < n && i < cells.size(); ++i) {
        LayoutPtr layout = type_.layout(cells[i], kBody, kTextWidth, bold ? cells[i].size() : 0);
        pango_layout_set_width(layout.get(), -1);
        int w = 0, h = 0;
        pango_layout_get_size(layout.get(), &w, &h);
        natural[i] = std::max(natural[i], static_cast<double>(w) / PANGO_SCALE + 12);
      }
    };
    // The widest single word of each column: a column narrower than that breaks a word
    // inside ("Alarmcentrale" / "n" on the acute plan's page).
    std::vector<double> word(n, 0);
    auto measure_words = [&](const std::vector<std::string>& cells, bool bold) {
      for (std::size_t i = 0; i < n && i < cells.size(); ++i) {
        std::size_t start = 0;
        while (start < cells[i].size()) {
          std::size_t end = cells[i].find_first_of(" \n", start);
          if (end == std::string::npos) end = cells[i].size();
          if (end > start) {
            const std::string w = cells[i].substr(start, end - start);
            LayoutPtr layout = type_.layout(w, kBody, kTextWidth, bold ? w.size() : 0);
            pango_layout_set_width(layout.get(), -1);
            int pw = 0, ph = 0;
            pango_layout_get_size(layout.get(), &pw, &ph);
            word[i] = std::max(word[i], static_cast<double>(pw) / PANGO_SCALE + 12);
          }
          start = end + 1;
        }
      }
    };
    measure(table.header, true);
    for (const auto& cells : table.rows) measure(cells, false);
    measure_words(table.header, true);
    for (const auto& cells : table.rows) measure_words(cells, false);
    double share = kTextWidth / static_cast<double>(n), fixed = 0, wide_natural = 0;
    for (double w : natural) (w <= share ? fixed : wide_natural) += w;
    std::vector<double> widths(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (natural[i] <= share)
        widths[i] = wide_natural > 0 ? natural[i] : kTextWidth * natural[i] / fixed;
      else
        widths[i] = (kTextWidth - fixed) * natural[i] / wide_natural;
    }
    // A column narrower than its widest word takes the difference from the columns with
    // room to spare beyond their own widest word, in proportion to that room.
    double deficit = 0, slack = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (widths[i] < word[i]) deficit += word[i] - widths[i];
      else slack += widths[i] - word[i];
    }
    if (deficit > 0 && slack >= deficit) {
      const std::vector<double> before = widths;
      for (std::size_t i = 0; i < n; ++i)
        widths[i] = before[i] < word[i] ? word[i] : before[i] - (before[i] - word[i]) * deficit / slack;
    }
    return widths;
  }

  const Typesetter& type_;
  std::vector<Box> boxes_;
};

void draw_footer(cairo_t* cr, const Typesetter& type, const Document& doc, std::size_t page, std::size_t pages) {
  cairo_set_source_rgb(cr, kRule.r, kRule.g, kRule.b);
  cairo_rectangle(cr, kMargin, kFooterBaseline - 14, kTextWidth, 0.5);
  cairo_fill(cr);
  std::string number = fill_pattern(doc.page_of, {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}});
  LayoutPtr right = type.layout(number, kFooter, kTextWidth);
  pango_layout_set_alignment(right.get(), PANGO_ALIGN_RIGHT);
  std::string label = doc.title + (doc.subtitle.empty() ? "" : " · " + doc.subtitle);
  LayoutPtr left = type.layout(label, kFooter, kTextWidth * 0.7);
  pango_layout_set_ellipsize(left.get(), PANGO_ELLIPSIZE_END);
  cairo_set_source_rgb(cr, kMuted.r, kMuted.g, kMuted.b);
  for (PangoLayout* layout : {left.get(), right.get()}) {
    cairo_move_to(cr, kMargin, kFooterBaseline - static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE);
    pango_cairo_show_layout(cr, layout);
  }
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::optional<Error> render_pdf(const Document& doc, std::string& out) {
  out.clear();
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, &out, kPageWidth, kPageHeight);
  std::string title = doc.title + (doc.subtitle.empty() ? "" : " – " + doc.subtitle);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Tavle");
  cairo_t* cr = cairo_create(surface);
  {
    Typesetter type(cr);
    std::vector<Box> boxes = BoxBuilder(type).build(doc);
    std::vector<pdf::Page> pages = pdf::paginate(boxes, {kMargin, kTextBottom});
    for (std::size_t p = 0; p < pages.size(); ++p) {
      for (const pdf::Slice& slice : pages[p]) pdf::draw_slice(cr, boxes[slice.box], slice, kMargin);
      draw_footer(cr, type, doc, p + 1, pages.size());
      cairo_show_page(cr);
    }
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    out.clear();
    return Error{"render_failed", std::string("PDF rendering failed: ") + cairo_status_to_string(status)};
  }
  return std::nullopt;
}

}  // namespace tavle::exporting
