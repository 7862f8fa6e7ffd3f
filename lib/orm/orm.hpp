// Everything of the ORM in one include: Engine, mapping, Session, select and Core statements.
#pragma once

#include <migrate/orm/engine.hpp>
#include <migrate/orm/expression.hpp>
#include <migrate/orm/mapper.hpp>
#include <migrate/orm/metadata.hpp>
#include <migrate/orm/relationship.hpp>
#include <migrate/orm/select.hpp>
#include <migrate/orm/session.hpp>
#include <migrate/orm/statements.hpp>
