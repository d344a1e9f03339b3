#include "export/pdf_pages.hpp"

#include <algorithm>

namespace tavle::exporting::pdf {
namespace {

constexpr double kEpsilon = 0.01;

double pango_to_points(int units) { return static_cast<double>(units) / PANGO_SCALE; }

// The largest cut in (from, limit] that does not split a text line; `from` when
// not even one line fits.
double cut_between_lines(const std::vector<LineSpan>& lines, double from, double limit, double height) {
  if (limit >= height - kEpsilon) return height;
  double cut = limit;
  bool moved = true;
  while (moved) {
    moved = false;
    for (const LineSpan& line : lines) {
      if (line.top < cut - kEpsilon && line.bottom > cut + kEpsilon && line.top >= from - kEpsilon) {
        cut = line.top;
        moved = true;
      } else if (line.top < from - kEpsilon && line.bottom > cut + kEpsilon) {
        return from;  // a line starting before `from` can only be a pathological overlap
      }
    }
  }
  return std::max(cut, from);
}

// Height a box needs at the bottom of a page to not be alone: up to its second line.
double opening_height(const Box& box) {
  std::vector<LineSpan> lines = line_spans(box);
  if (lines.size() <= 2) return box.height;
  std::vector<double> bottoms;
  for (const LineSpan& l : lines) bottoms.push_back(l.bottom);
  std::sort(bottoms.begin(), bottoms.end());
  return bottoms[1];
}

class Paginator {
 public:
  Paginator(const std::vector<Box>& boxes, const PageFrame& frame) : boxes_(boxes), frame_(frame) { new_page(); }

  std::vector<Page> run() {
    for (std::size_t i = 0; i < boxes_.size(); ++i) place(i);
    if (pages_.back().empty() && pages_.size() > 1) pages_.pop_back();
    return std::move(pages_);
  }

 private:
  void new_page() {
    pages_.emplace_back();
    y_ = frame_.top;
    repeated_header_ = 0;
  }
  // A new page for box `index`; a table row gets its table's header first.
  void new_page_for(std::size_t index) {
    new_page();
    if (auto header = boxes_[index].header) {
      put(*header, 0, boxes_[*header].height);
      repeated_header_ = 1;
    }
  }
  // Nothing placed yet but (perhaps) a repeated table header.
  bool at_top() const { return pages_.back().size() == repeated_header_; }
  double room() const { return frame_.bottom - y_; }
  double page_height() const { return frame_.bottom - frame_.top; }

  void put(std::size_t index, double from, double to) {
    pages_.back().push_back({index, from, to, y_});
    y_ += to - from;
  }

  // A box that is not split over pages (a heading, a chart, anything short) goes to
  // the next page whole; what keeps with it must then count all of it, not its first lines.
  bool moves_whole(const Box& box) const {
    return box.height <= page_height() &&
           (box.keep_with_next || box.keep_together || box.height < page_height() / 4);
  }

  void place(std::size_t index) {
    const Box& box = boxes_[index];
    if (box.page_break_before && !at_top()) new_page_for(index);  // issue 15
    if (!at_top()) y_ += box.space_before;
    // A heading keeps with what follows; when that is a table's header row, which keeps
    // with its first row in turn, the whole chain must fit (else the heading would be
    // left alone when the header row moves on).
    double needed = box.height;
    for (std::size_t at = index; boxes_[at].keep_with_next && at + 1 < boxes_.size(); ++at) {
      const Box& next = boxes_[at + 1];
      needed += next.space_before + (moves_whole(next) ? next.height : opening_height(next));
    }
    if (needed <= room() + kEpsilon) return put(index, 0, box.height);
    if (!at_top() && moves_whole(box)) {
      new_page_for(index);
      return put(index, 0, box.height);
    }
    split(index);
  }

  // Fills the rest of this page with whole lines of the box, then continues on new pages.
  void split(std::size_t index) {
    const Box& box = boxes_[index];
    std::vector<LineSpan> lines = line_spans(box);
    double from = 0;
    while (from < box.height - kEpsilon) {
      double cut = cut_between_lines(lines, from, from + room(), box.height);
      if (cut <= from + kEpsilon) {
        // Not one line fits. On a fresh page that means a line taller than a page:
        // show what fits rather than loop forever.
        if (at_top())
          cut = std::min(box.height, from + room());
        else {
          new_page_for(index);
          continue;
        }
      }
      put(index, from, cut);
      from = cut;
      if (from < box.height - kEpsilon) new_page_for(index);
    }
  }

  const std::vector<Box>& boxes_;
  PageFrame frame_;
  std::vector<Page> pages_;
  double y_ = 0;
  std::size_t repeated_header_ = 0;
};

}  // namespace

std::vector<LineSpan> line_spans(const Box& box) {
  std::vector<LineSpan> out;
  for (const Piece& piece : box.pieces) {
    PangoLayoutIter* iter = pango_layout_get_iter(piece.layout.get());
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double top = piece.y + pango_to_points(logical.y);
      out.push_back({top, top + pango_to_points(logical.height)});
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }
  return out;
}

std::vector<Page> paginate(const std::vector<Box>& boxes, const PageFrame& frame) {
  return Paginator(boxes, frame).run();
}

void draw_slice(cairo_t* cr, const Box& box, const Slice& slice, double left) {
  double shift = slice.y - slice.from;  // page y of the box's top
  for (const Fill& fill : box.fills) {
    double top = std::max(fill.y, slice.from), bottom = std::min(fill.y + fill.height, slice.to);
    if (bottom <= top) continue;
    cairo_set_source_rgb(cr, fill.color.r, fill.color.g, fill.color.b);
    cairo_rectangle(cr, left + fill.x, shift + top, fill.width, bottom - top);
    cairo_fill(cr);
  }
  for (const Stroke& stroke : box.strokes) {  // issue 14: boxes with strokes are kept together
    if (stroke.points.empty() || slice.from > 0 || slice.to < box.height) continue;
    cairo_set_source_rgb(cr, stroke.color.r, stroke.color.g, stroke.color.b);
    cairo_set_line_width(cr, stroke.width);
    for (const auto& [x, y] : stroke.points) cairo_line_to(cr, left + x, shift + y);
    cairo_stroke(cr);
    if (stroke.dots)
      for (const auto& [x, y] : stroke.points) {
        cairo_arc(cr, left + x, shift + y, stroke.width * 1.8, 0, 2 * G_PI);
        cairo_fill(cr);
      }
  }
  for (const Piece& piece : box.pieces) {
    cairo_set_source_rgb(cr, piece.color.r, piece.color.g, piece.color.b);
    PangoLayoutIter* iter = pango_layout_get_iter(piece.layout.get());
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double top = piece.y + pango_to_points(logical.y);
      double bottom = top + pango_to_points(logical.height);
      if (top >= slice.from - kEpsilon && bottom <= slice.to + kEpsilon) {
        double baseline = piece.y + pango_to_points(pango_layout_iter_get_baseline(iter));
        cairo_move_to(cr, left + piece.x + pango_to_points(logical.x), shift + baseline);
        pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
      }
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }
}

}  // namespace tavle::exporting::pdf
