// The exception hierarchy now lives in the base layer (<migrate/base/error.hpp>); this header
// stays because installed programs include it.
#pragma once

#include <migrate/base/error.hpp>
