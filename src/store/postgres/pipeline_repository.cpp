#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

std::vector<domain::PipelineStage> PgPipelineRepository::stages(Id organisation_id) {
  std::vector<domain::PipelineStage> out;
  for (const Row row : conn_
                           .query("SELECT id, organisation_id, name, position FROM pipeline_stages "
                                  "WHERE organisation_id = $1 ORDER BY position")
                           .bind(organisation_id)
                           .run()) {
    out.push_back(domain::PipelineStage{row.int64(0), row.int64(1), row.text(2), row.int32(3)});
  }
  return out;
}

}  // namespace turnus::store::postgres
