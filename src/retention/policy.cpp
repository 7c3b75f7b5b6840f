#include "retention/policy.hpp"

namespace fk::retention {

void apply_retention_config(const config::RetentionConfig& retention, RetentionPolicy& policy) {
  if (retention.raw) policy.raw = *retention.raw;
  if (retention.processed) policy.processed = *retention.processed;
  if (retention.reports) policy.reports = *retention.reports;
  if (retention.metadata) policy.metadata = *retention.metadata;
  if (retention.archive) policy.archive = *retention.archive;
}

} // namespace fk::retention
