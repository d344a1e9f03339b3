// Page layout for the PDF: the document becomes a column of boxes (pango
// layouts placed in a box), and paginate() cuts that column into A4 pages
// between text lines, so no line is ever cut and headings stay with what follows.
#pragma once

#include <pango/pangocairo.h>

#include <memory>
#include <optional>
#include <vector>

namespace tavle::exporting::pdf {

struct LayoutUnref {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutUnref>;

struct Rgb {
  double r = 0, g = 0, b = 0;
};

// One pango layout inside a box, at (x, y) from the box's top left.
struct Piece {
  LayoutPtr layout;
  double x = 0, y = 0;
  Rgb color;
};

// A filled rectangle behind a box (card bar, table shading, heading rule),
// drawn on every page the box spans, clipped to the part shown there.
struct Fill {
  double x = 0, y = 0, width = 0, height = 0;
  Rgb color;
};

struct Box {
  std::vector<Piece> pieces;
  std::vector<Fill> fills;
  double height = 0;
  double space_before = 0;      // dropped at the top of a page
  bool keep_with_next = false;  // headings: never alone at the bottom of a page
  bool keep_together = false;   // short boxes (table rows): move whole to the next page
  bool page_break_before = false;  // issue 15: starts a new page (a section with own_page)
  // A table row: the index of its table's header box, repeated at the top of a
  // page the table continues on.
  std::optional<std::size_t> header;
};

// The part [from, to) of box `box` drawn with its top at `y` on a page.
struct Slice {
  std::size_t box = 0;
  double from = 0, to = 0, y = 0;
};
using Page = std::vector<Slice>;

struct PageFrame {
  double top = 0;     // y where text starts
  double bottom = 0;  // y where text must end
};

// Text line extents of a box, [top, bottom) from the box's top, in reading order.
struct LineSpan {
  double top = 0, bottom = 0;
};
std::vector<LineSpan> line_spans(const Box&);

std::vector<Page> paginate(const std::vector<Box>& boxes, const PageFrame&);

// Draws the slice: the lines of the box that lie inside [from, to), and its fills.
void draw_slice(cairo_t*, const Box&, const Slice&, double left);

}  // namespace tavle::exporting::pdf
