-- grayscope's own tables: the three loaded sources, the file ledger, the quarantine and metadata.
-- Applied at every write open; every statement is idempotent.
CREATE TABLE IF NOT EXISTS grayscope_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

CREATE TABLE IF NOT EXISTS loads (
  load_id BIGINT PRIMARY KEY,
  source VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  tool_version VARCHAR NOT NULL,
  options JSON
);
-- Added by issue 15: 'started' (written, in a transaction of its own, before any row of the load),
-- then 'committed' once its rows are in. NULL: a load written before the column existed (committed).
-- Opening the database removes every row of a 'started' load (src/core/db/recover.ts).
ALTER TABLE loads ADD COLUMN IF NOT EXISTS status VARCHAR;

CREATE TABLE IF NOT EXISTS load_ledger (
  path VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  encoding VARCHAR,
  bytes BIGINT,
  rows_read BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  load_id BIGINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  sheet VARCHAR
);
-- The workbook sheet a ledger row loaded (NULL for files that are not workbooks): a workbook is keyed by (sha256, sheet).
ALTER TABLE load_ledger ADD COLUMN IF NOT EXISTS sheet VARCHAR;

CREATE TABLE IF NOT EXISTS quarantine (
  load_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  line BIGINT,
  column_name VARCHAR,
  column_number INTEGER,
  cell VARCHAR,
  reason VARCHAR NOT NULL,
  original VARCHAR
);

CREATE TABLE IF NOT EXISTS complaints (
  complaint_id VARCHAR NOT NULL,
  received_date DATE NOT NULL,
  region VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  institution VARCHAR,
  channel VARCHAR,
  amount_cny DECIMAL(18,2),
  agency_name VARCHAR,
  agency_key VARCHAR,
  phone_hash VARCHAR,
  phone_masked VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  account_hash VARCHAR,
  account_masked VARCHAR,
  narrative VARCHAR,
  source_file VARCHAR NOT NULL,
  source_line BIGINT NOT NULL,
  load_id BIGINT NOT NULL,
  -- the category label as the source wrote it (trimmed, personal data masked); category is its code
  topic VARCHAR,
  city_code VARCHAR,
  name_hash VARCHAR,
  name_masked VARCHAR
);
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS topic VARCHAR;
-- Added by issue 10: the city below the province (6-digit GB/T 2260 code), and person names as hash and mask.
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS city_code VARCHAR;
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS name_hash VARCHAR;
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS name_masked VARCHAR;

CREATE TABLE IF NOT EXISTS incidents (
  incident_id VARCHAR NOT NULL,
  detected_date DATE NOT NULL,
  region VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  institution VARCHAR,
  channel VARCHAR,
  amount_cny DECIMAL(18,2),
  agency_name VARCHAR,
  agency_key VARCHAR,
  phone_hash VARCHAR,
  phone_masked VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  account_hash VARCHAR,
  account_masked VARCHAR,
  narrative VARCHAR,
  source_file VARCHAR NOT NULL,
  source_line BIGINT NOT NULL,
  load_id BIGINT NOT NULL,
  -- the category label as the source wrote it (trimmed, personal data masked); category is its code
  topic VARCHAR,
  city_code VARCHAR,
  name_hash VARCHAR,
  name_masked VARCHAR
);
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS topic VARCHAR;
-- Added by issue 10: the city below the province (6-digit GB/T 2260 code), and person names as hash and mask.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS city_code VARCHAR;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS name_hash VARCHAR;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS name_masked VARCHAR;

CREATE TABLE IF NOT EXISTS enforcement (
  case_id VARCHAR NOT NULL,
  opened_date DATE NOT NULL,
  region VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  authority VARCHAR,
  institution VARCHAR,
  amount_cny DECIMAL(18,2),
  agency_name VARCHAR,
  agency_key VARCHAR,
  phone_hash VARCHAR,
  phone_masked VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  account_hash VARCHAR,
  account_masked VARCHAR,
  persons_arrested INTEGER,
  gangs_dismantled INTEGER,
  narrative VARCHAR,
  source_file VARCHAR NOT NULL,
  source_line BIGINT NOT NULL,
  load_id BIGINT NOT NULL,
  -- the category label as the source wrote it (trimmed, personal data masked); category is its code
  topic VARCHAR,
  city_code VARCHAR,
  name_hash VARCHAR,
  name_masked VARCHAR
);
ALTER TABLE enforcement ADD COLUMN IF NOT EXISTS topic VARCHAR;
-- Added by issue 10: the city below the province (6-digit GB/T 2260 code), and person names as hash and mask.
ALTER TABLE enforcement ADD COLUMN IF NOT EXISTS city_code VARCHAR;
ALTER TABLE enforcement ADD COLUMN IF NOT EXISTS name_hash VARCHAR;
ALTER TABLE enforcement ADD COLUMN IF NOT EXISTS name_masked VARCHAR;

-- One row per `grayscope run` / `grayscope test`; runs/<run_id>/ holds the manifest and results.
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY,
  command VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL,
  tool_version VARCHAR NOT NULL,
  period VARCHAR,
  selection JSON,
  summary JSON
);
-- `estimate --rerun RUN_ID`: the run it recomputed (NULL for every other run).
ALTER TABLE runs ADD COLUMN IF NOT EXISTS rerun_of VARCHAR;

-- `grayscope estimate` (src/core/estimate/estimate-project.ts): one row per run, period, segment (a
-- category or 'all') and method. Every run is kept (keyed by run_id); estimates_latest and its
-- siblings below hold the current figures.
CREATE TABLE IF NOT EXISTS estimates (
  run_id VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  segment VARCHAR NOT NULL,
  method VARCHAR NOT NULL,
  operations_observed BIGINT NOT NULL,
  operations_estimate DOUBLE,
  operations_ci_low DOUBLE,
  operations_ci_high DOUBLE,
  scale_cny DOUBLE,
  scale_ci_low DOUBLE,
  scale_ci_high DOUBLE,
  value_mean_cny DOUBLE,
  value_median_cny DOUBLE,
  value_trimmed_mean_cny DOUBLE,
  valued_operations BIGINT,
  model VARCHAR,
  note VARCHAR
);

CREATE TABLE IF NOT EXISTS growth (
  run_id VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  segment VARCHAR NOT NULL,
  method VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  base_period VARCHAR NOT NULL,
  value DOUBLE,
  ci_low DOUBLE,
  ci_high DOUBLE
);

-- The multiplier estimate of the whole market with one category's reporting rate at a bound.
CREATE TABLE IF NOT EXISTS sensitivity (
  run_id VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  bound VARCHAR NOT NULL,
  rate DOUBLE NOT NULL,
  estimate_cny DOUBLE NOT NULL
);

-- The current figures: for each period and method, the rows of the newest estimate run that
-- estimated it (what the estimate tables held when each run replaced its periods' rows), reruns
-- (`estimate --rerun`) left out. Run ids sort by time.
CREATE OR REPLACE VIEW estimate_latest_runs AS
SELECT period, method, max(run_id) AS run_id
FROM estimates
WHERE run_id NOT IN (SELECT run_id FROM runs WHERE rerun_of IS NOT NULL)
GROUP BY period, method;

CREATE OR REPLACE VIEW estimates_latest AS
SELECT e.* FROM estimates AS e JOIN estimate_latest_runs AS l USING (period, method, run_id);

CREATE OR REPLACE VIEW growth_latest AS
SELECT g.* FROM growth AS g JOIN estimate_latest_runs AS l USING (period, method, run_id);

CREATE OR REPLACE VIEW sensitivity_latest AS
SELECT s.* FROM sensitivity AS s JOIN estimate_latest_runs AS l ON l.period = s.period AND l.method = 'multiplier' AND l.run_id = s.run_id;

-- `grayscope templates`: every complaint in a near-duplicate cluster of two or more (singletons are
-- not stored), the cluster named by its smallest complaint_id; and the templated share per period
-- and category, with the threshold, shingle length and minimum cluster size it was computed with.
CREATE TABLE IF NOT EXISTS complaint_template_clusters (
  complaint_id VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  cluster_size INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS complaint_template_shares (
  period VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  complaints BIGINT NOT NULL,
  templated BIGINT NOT NULL,
  share DOUBLE NOT NULL,
  threshold DOUBLE NOT NULL,
  shingle INTEGER NOT NULL,
  min_cluster INTEGER NOT NULL,
  computed_at TIMESTAMP NOT NULL
);

-- `load --upsert` (src/core/ingest/upsert.ts): the earlier version of every row a later load
-- replaced, as it was (a JSON object of its columns, so the table survives columns added later), with
-- the load that had brought it and the load that replaced it. `unload` of the replacing load puts
-- these rows back.
CREATE TABLE IF NOT EXISTS record_history (
  source VARCHAR NOT NULL,
  record_id VARCHAR NOT NULL,
  record JSON NOT NULL,
  source_file VARCHAR NOT NULL,
  load_id BIGINT NOT NULL,
  replaced_by_load BIGINT NOT NULL,
  replaced_at TIMESTAMP NOT NULL
);

-- `grayscope unload` (src/core/ingest/unload.ts): one row per file entry removed, so the ledger keeps
-- what was loaded and later taken out; unload_id comes from load_id_seq.
CREATE TABLE IF NOT EXISTS unloads (
  unload_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  load_id BIGINT NOT NULL,
  rows_removed BIGINT NOT NULL,
  quarantine_removed BIGINT NOT NULL,
  rows_restored BIGINT NOT NULL,
  unloaded_at TIMESTAMP NOT NULL,
  tool_version VARCHAR NOT NULL
);

-- `grayscope return build` (src/core/returns/versions.ts): one row per version of a return (template,
-- period). A final version is never replaced: a change is a new version (--amend) naming the one it
-- supersedes, with the reason. A draft (blocking checks failed) is recorded too and replaced by the
-- next build. cells: the built figures (cell key → value) the next amendment compares with and the
-- next quarter's prev() reads; digest: lockedDigest of those cells. run_id is the build's own run;
-- source_run_id and estimate_run_id are the model run and estimate run the figures come from.
CREATE TABLE IF NOT EXISTS return_versions (
  template VARCHAR NOT NULL,
  template_version INTEGER NOT NULL,
  period VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  status VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  digest VARCHAR NOT NULL,
  supersedes INTEGER,
  reason VARCHAR,
  file VARCHAR NOT NULL,
  lang VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  source_run_id VARCHAR,
  estimate_run_id VARCHAR,
  built_at TIMESTAMP NOT NULL,
  cells JSON NOT NULL
);
