// The retention rule: which families are due for deletion (docs/privacy.md,
// "How long it is kept"). Deleting them is Store::delete_family, after a person
// has confirmed (tavle purge, the home screen).
#include "store/store.hpp"

namespace tavle::store {

std::optional<Error> Store::families_due_for_deletion(Millis now, int retain_days, std::vector<FamilyDue>& out) {
  out.clear();
  const Millis cutoff = now - static_cast<Millis>(retain_days) * 24 * 3600 * 1000;
  Query q(*db_,
          "SELECT f.id, f.label, f.created, count(m.id), coalesce(max(m.created), f.created) "
          "FROM families f LEFT JOIN meetings m ON m.family_id = f.id "
          "GROUP BY f.id, f.label, f.created HAVING coalesce(max(m.created), f.created) < ? "
          "ORDER BY coalesce(max(m.created), f.created), f.id");
  q.bind(1, std::int64_t{cutoff});
  while (q.step())
    out.push_back({{q.text(0), q.text(1), q.integer(2), static_cast<std::size_t>(q.integer(3))}, q.integer(4)});
  return q.error();
}

}  // namespace tavle::store
