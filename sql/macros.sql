-- Macros every grayscope query may use (models, status, templated-complaint shares). Created in
-- the database at every write open (so a view that uses one keeps working in any DuckDB client),
-- and as temporary macros on a read-only connection to a database made before they existed.

-- The reporting period of a date: 2025-03-01 → '2025Q1'.
CREATE OR REPLACE MACRO gs_period(d) AS year(d) || 'Q' || quarter(d);
