#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

std::vector<domain::PipelineStage> SqlitePipelineRepository::stages(Id organisation_id) {
  Statement s = conn_.prepare(
      "SELECT id, organisation_id, name, position FROM pipeline_stages WHERE organisation_id = ? ORDER BY position");
  s.bind(organisation_id);
  std::vector<domain::PipelineStage> out;
  while (s.step()) out.push_back(domain::PipelineStage{s.int64(0), s.int64(1), s.text(2), s.int32(3)});
  return out;
}

}  // namespace turnus::store::sqlite
