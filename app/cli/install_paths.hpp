// Where the installed program finds its files: the assets (UI strings, the
// tablet page) sit in ../share/tavle beside the executable's bin/ when Tavle is
// installed (/usr/bin -> /usr/share/tavle), and in the source tree when it runs
// from a build tree. Used by both tavle and tavle-gui.
#pragma once

#include <string>

namespace tavle::cli {

// The assets directory (holding strings/ and web/): the first of
// <exe dir>/assets, <exe dir>/../share/tavle, and the source tree's assets/.
std::string assets_directory();

}  // namespace tavle::cli
