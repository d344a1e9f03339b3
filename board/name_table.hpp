// The one way an enum is named in the file format: a constant table of value and name,
// read both ways. Used by board/types.cpp and board/plan.cpp.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace tavle::detail {

template <class E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
std::string_view lookup_name(const NameTable<E, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> lookup_value(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace tavle::detail
