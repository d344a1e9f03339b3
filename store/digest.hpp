// SHA-256 as lowercase hex: the access log's chain (store/access_log.cpp) and the
// stamp of a facilitator's password (store/accounts.cpp).
#pragma once

#include <cstddef>
#include <string>

namespace tavle::store {

std::string hex_of(const unsigned char* bytes, std::size_t n);
std::string sha256_hex(const std::string& data);

}  // namespace tavle::store
