-- A hand-written PostgreSQL schema: 23 tables, enums, serial/uuid keys, now()/CURRENT_TIMESTAMP/
-- numeric defaults, arrays, jsonb, IN/BETWEEN/LIKE checks, partial and expression indexes,
-- generated columns, views. hand_written_pg.json is the same schema as a JSON target.
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
CREATE TYPE user_role AS ENUM ('admin', 'staff', 'customer');
CREATE TABLE users (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email varchar(255) NOT NULL,
  role user_role NOT NULL DEFAULT 'customer',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamp DEFAULT CURRENT_TIMESTAMP,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  tags text[] NOT NULL DEFAULT '{}',
  display text GENERATED ALWAYS AS (upper(email)) STORED,
  PRIMARY KEY (id),
  CONSTRAINT ck_users_email CHECK (email LIKE '%@%'),
  CHECK (role IN ('admin', 'staff', 'customer'))
);
CREATE UNIQUE INDEX ix_users_email_lower ON users (lower(email));
CREATE INDEX ix_users_tags ON users USING gin (tags);
CREATE INDEX ix_users_recent ON users (created_at) WHERE created_at > '2020-01-01';
CREATE TABLE categories (
  id serial NOT NULL,
  name text NOT NULL,
  parent_id integer,
  position smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  CHECK (position BETWEEN 0 AND 1000),
  FOREIGN KEY (parent_id) REFERENCES categories (id) ON DELETE SET NULL
);
CREATE TABLE products (
  id bigserial NOT NULL,
  sku varchar(32) NOT NULL,
  name text NOT NULL DEFAULT 'x'::text,
  price numeric(10,2) NOT NULL DEFAULT 0,
  cost numeric(10,2) DEFAULT 0.00,
  weight real DEFAULT 1.5,
  active boolean NOT NULL DEFAULT true,
  category_id integer,
  attrs jsonb,
  margin numeric GENERATED ALWAYS AS (price - cost) STORED,
  PRIMARY KEY (id),
  CONSTRAINT uq_products_sku UNIQUE (sku),
  CONSTRAINT ck_products_price CHECK (price >= 0),
  CONSTRAINT ck_products_sku CHECK (sku ~ '^[A-Z0-9-]+$'),
  CHECK (cost <= price OR cost IS NULL),
  FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT
);
CREATE INDEX ix_products_active ON products (name) WHERE active;
CREATE INDEX ix_products_attrs ON products USING gin (attrs);
CREATE INDEX ix_products_name_trgm ON products (lower(name), sku) WHERE active AND price > 0;
CREATE TABLE orders (
  id bigserial NOT NULL,
  user_id uuid NOT NULL,
  status order_status NOT NULL DEFAULT 'pending',
  total numeric(12,2) NOT NULL DEFAULT 0,
  placed_at timestamptz NOT NULL DEFAULT now(),
  note varchar(500),
  discount numeric(5,2) NOT NULL DEFAULT 0.0,
  PRIMARY KEY (id),
  CHECK (total >= 0),
  CONSTRAINT ck_orders_discount CHECK (discount BETWEEN 0 AND 100),
  CONSTRAINT ck_orders_status CHECK (status <> 'cancelled' OR total = 0),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_orders_user_placed ON orders (user_id, placed_at DESC);
CREATE INDEX ix_orders_open ON orders (placed_at) WHERE status IN ('pending', 'paid');
CREATE TABLE order_items (
  id bigserial NOT NULL,
  order_id bigint NOT NULL,
  product_id bigint NOT NULL,
  qty integer NOT NULL DEFAULT 1,
  unit_price numeric(10,2) NOT NULL,
  line_total numeric GENERATED ALWAYS AS (qty * unit_price) STORED,
  PRIMARY KEY (id),
  UNIQUE (order_id, product_id),
  CHECK (qty > 0 AND qty < 1000),
  FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT
);
CREATE TABLE log_00 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_00_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_00_at ON log_00 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_00_errors ON log_00 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_00_ref ON log_00 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_01 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_01_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_01_at ON log_01 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_01_errors ON log_01 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_01_ref ON log_01 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_02 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_02_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_02_at ON log_02 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_02_errors ON log_02 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_02_ref ON log_02 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_03 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_03_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_03_at ON log_03 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_03_errors ON log_03 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_03_ref ON log_03 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_04 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_04_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_04_at ON log_04 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_04_errors ON log_04 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_04_ref ON log_04 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_05 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_05_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_05_at ON log_05 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_05_errors ON log_05 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_05_ref ON log_05 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_06 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_06_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_06_at ON log_06 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_06_errors ON log_06 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_06_ref ON log_06 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_07 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_07_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_07_at ON log_07 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_07_errors ON log_07 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_07_ref ON log_07 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_08 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_08_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_08_at ON log_08 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_08_errors ON log_08 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_08_ref ON log_08 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_09 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_09_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_09_at ON log_09 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_09_errors ON log_09 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_09_ref ON log_09 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_10 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_10_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_10_at ON log_10 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_10_errors ON log_10 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_10_ref ON log_10 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_11 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_11_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_11_at ON log_11 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_11_errors ON log_11 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_11_ref ON log_11 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_12 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_12_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_12_at ON log_12 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_12_errors ON log_12 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_12_ref ON log_12 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_13 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_13_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_13_at ON log_13 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_13_errors ON log_13 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_13_ref ON log_13 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_14 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_14_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_14_at ON log_14 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_14_errors ON log_14 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_14_ref ON log_14 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_15 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_15_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_15_at ON log_15 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_15_errors ON log_15 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_15_ref ON log_15 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_16 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_16_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_16_at ON log_16 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_16_errors ON log_16 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_16_ref ON log_16 (ref) WHERE ref IS NOT NULL;
CREATE TABLE log_17 (
  id bigserial NOT NULL,
  kind varchar(20) NOT NULL DEFAULT 'info',
  at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  payload json,
  level integer NOT NULL DEFAULT 0,
  score double precision DEFAULT 0.5,
  ref uuid,
  day date DEFAULT CURRENT_DATE,
  amount numeric(10,2) NOT NULL DEFAULT 0,
  code char(3),
  PRIMARY KEY (id),
  CHECK (kind IN ('info', 'warn', 'error')),
  CHECK (level BETWEEN 0 AND 9),
  CHECK (code LIKE '__%' OR code IS NULL),
  CONSTRAINT ck_log_17_amount CHECK (amount::numeric >= -1000.5)
);
CREATE INDEX ix_log_17_at ON log_17 (date_trunc('day', at AT TIME ZONE 'UTC'));
CREATE INDEX ix_log_17_errors ON log_17 (at) WHERE kind = 'error' AND level > 5;
CREATE UNIQUE INDEX ix_log_17_ref ON log_17 (ref) WHERE ref IS NOT NULL;
CREATE VIEW v_open_orders AS SELECT o.id, o.total FROM orders o WHERE o.status IN ('pending','paid') AND o.total BETWEEN 10 AND 1000;
CREATE VIEW v_active_products AS SELECT id, name, price FROM products WHERE active AND name LIKE 'A%';
