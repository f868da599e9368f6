# hallo_masbup: PGXS build of the extension, and the project's entry points.
#
#   make            build the extension
#   make install    install it into the PostgreSQL found by pg_config
#   make test       every test suite (unit, regression); see tests/run-all
#   make demo       private PostgreSQL with the sample data; make demo-stop ends it
#   make bench      benchmarks under bench/

MODULE_big = hallo_masbup
OBJS = \
	extension/src/business_time.o \
	extension/src/business_time_sql.o \
	extension/src/hallo_masbup.o \
	extension/src/staff_session.o \
	extension/src/workflow.o \
	extension/src/workflow_sql.o

MODULEDIR = extension
DATA = \
	extension/hallo_masbup.control \
	extension/hallo_masbup--1.0.sql \
	extension/hallo_masbup--1.0--1.1.sql \
	extension/hallo_masbup--1.1--1.2.sql

REGRESS = business_time calendars workflow triggers audit_log load_sample security operations reporter_session
REGRESS_OPTS = --load-extension=pgcrypto
ISOLATION = calendar_cache concurrent_actions duplicate_submission reporter_view_notify
ISOLATION_OPTS = --inputdir=tests/isolation --load-extension=pgcrypto

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/extension/src
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

.PHONY: test unit-test demo demo-stop bench

unit-test:
	$(MAKE) -C tests/unit check VALGRIND=1

test:
	tests/run-all

demo:
	scripts/demo start

demo-stop:
	scripts/demo stop

bench:
	bench/run-all
