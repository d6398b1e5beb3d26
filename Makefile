# parbench — one non-recursive Makefile; every build output goes under build/.
# `make help` lists the targets and the variables you can set.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:
.SUFFIXES:

# ---- What to build, and how -------------------------------------------------

# Where the fast variants come from: solutions (the reference answers) or
# exercises (the student's copy). Each gets its own build folder. The
# handout (`make handout`) has no solutions/, so there exercises/ is the
# default.
SRC ?= $(if $(wildcard solutions/*/*.c),solutions,exercises)
ifeq ($(filter $(SRC),solutions exercises),)
$(error SRC must be solutions or exercises, not '$(SRC)')
endif
# Sanitizers: `make test SAN=address` (AddressSanitizer + UndefinedBehavior-
# Sanitizer) or SAN=thread (ThreadSanitizer). Each build has its own folder.
# TSan needs every thread library instrumented or annotated: GCC's libgomp is
# neither, so SAN=thread uses clang, whose libomp comes with the Archer
# annotations for TSan.
SAN ?=
ifeq ($(SAN),address)
  SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(SAN),thread)
  SAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer
  ifeq ($(origin CC),default)
    CC := clang
  endif
  # Archer: libomp's TSan annotations, loaded as an OpenMP tool. Races inside
  # the (uninstrumented) runtime itself are then ignored, ours still found.
  ARCHER := $(firstword $(wildcard $(shell $(CC) -print-resource-dir 2>/dev/null)/../../libarcher.so \
                                   /usr/lib/llvm-*/lib/libarcher.so))
  TEST_ENV := OMP_TOOL_LIBRARIES=$(ARCHER) TSAN_OPTIONS=ignore_noninstrumented_modules=1
else ifeq ($(SAN),fuzz)
  # `make fuzz`: objects instrumented for libFuzzer, ASan and UBSan.
  SAN_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
  CC := clang
else ifneq ($(SAN),)
  $(error SAN must be address or thread (or fuzz, which `make fuzz` sets), not '$(SAN)')
endif

# MPI: the mpi variants (solutions/*/mpi.c), their helpers (kernels/common/
# mpi_*.c) and the harness's side of an MPI job (harness/mpi_job.c) build
# with the MPI compiler wrapper (mpicc, of Open MPI or MPICH, whichever is
# installed), and parbench and the tests are linked with it; every other
# file is compiled exactly as without MPI. Where no wrapper is found, or with
# MPI=none (built in a folder of its own), those files are left out and the
# mpi variant is reported UNAVAILABLE. TSan and the fuzzer build without MPI:
# the MPI library is not instrumented, and neither needs it.
MPI ?= auto
MPICC ?= mpicc
ifeq ($(filter $(MPI),auto none),)
$(error MPI must be auto or none, not '$(MPI)')
endif
ifneq ($(filter none,$(MPI))$(filter thread fuzz,$(SAN)),)
  HAVE_MPI := 0
else
  HAVE_MPI := $(if $(shell command -v $(MPICC) 2>/dev/null),1,0)
endif
# The wrapper, told to drive the same compiler as everything else (Open MPI
# reads OMPI_CC, MPICH reads MPICH_CC).
MPI_WRAP := OMPI_CC=$(CC) MPICH_CC=$(CC) $(MPICC)

BUILD := build$(if $(filter-out solutions,$(SRC)),/$(SRC))$(if $(SAN),/san-$(SAN))$(if $(filter none,$(MPI)),/no-mpi)

# Tuned for the machine that runs the benchmarks: these are its numbers.
# (Sanitized builds are for finding bugs, not for timing: -O1.)
OPT ?= $(if $(SAN),-O1,-O3) -march=native
CFLAGS ?= $(OPT) -g
CFLAGS += $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)
WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wundef
# gcc contracts a*b+c into one fma only outside ISO mode; ISO C11 with
# -ffp-contract=off on both gcc and clang keeps the arithmetic exactly as
# written, so every file computes the same bits from the same formula.
BASE_CFLAGS := -std=c11 -ffp-contract=off $(WARNINGS)
BASE_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -DPB_HAVE_MPI=$(HAVE_MPI) -Ikernels -I$(BUILD)/gen -MMD -MP
LDLIBS := -lm -lpthread

UNAME_S := $(shell uname -s)
ifeq ($(UNAME_S),Darwin)
  # Apple clang has no -fopenmp driver flag; Homebrew's libomp provides the runtime.
  LIBOMP_PREFIX := $(shell brew --prefix libomp 2>/dev/null)
  ifeq ($(LIBOMP_PREFIX),)
    $(warning libomp not found: run `brew install libomp` (OpenMP variants will not build))
  endif
  OPENMP_CFLAGS := -Xpreprocessor -fopenmp -I$(LIBOMP_PREFIX)/include
  OPENMP_LIBS := -L$(LIBOMP_PREFIX)/lib -lomp
  PLATFORM := darwin
else
  OPENMP_CFLAGS := -fopenmp
  OPENMP_LIBS := -fopenmp
  PLATFORM := linux
endif

PKG_CFLAGS := $(shell pkg-config --cflags hwloc libpng 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs hwloc libpng 2>/dev/null || echo -lhwloc -lpng)
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# Quiet unless V=1.
ifeq ($(V),1)
  Q :=
  say :=
else
  Q := @
  say = @printf '  %-6s %s\n' $(1) $(2);
endif

# ---- Sources ----------------------------------------------------------------

# Files that need MPI, and the stand-ins of a build without it.
MPI_SRCS := harness/mpi_job.c $(wildcard $(SRC)/*/mpi.c) \
            $(filter-out %_none.c,$(wildcard kernels/common/mpi_*.c)) $(wildcard tests/mpi/*.c)
NO_MPI_SRCS := harness/mpi_job_none.c kernels/common/mpi_none.c
LEFT_OUT := $(if $(filter 1,$(HAVE_MPI)),$(NO_MPI_SRCS),$(MPI_SRCS))

KERNEL_SRCS := $(filter-out $(LEFT_OUT),$(sort $(wildcard kernels/*.c kernels/*/*.c)))
VARIANT_SRCS := $(filter-out $(LEFT_OUT),$(sort $(wildcard $(SRC)/*/*.c)))
HARNESS_SRCS := $(filter-out harness/main.c $(LEFT_OUT),$(sort $(wildcard harness/*.c))) \
                $(wildcard harness/platform/$(PLATFORM)*.c)
TEST_SRCS := $(sort $(wildcard tests/test_*.c))
TEST_SUPPORT_SRCS := $(sort $(wildcard tests/support/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIB_OBJS := $(call obj,$(KERNEL_SRCS) $(VARIANT_SRCS) $(HARNESS_SRCS))
PARBENCH := $(BUILD)/parbench
TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
# Run under a launcher by tests/mpi.sh: the mpi variants against optimized.
MPI_CHECK := $(if $(filter 1,$(HAVE_MPI)),$(BUILD)/tests/mpi_check)
# parbench with deliberate faults (harness/faults.h), for the tests only.
PARBENCH_FAULTS := $(BUILD)/tests/parbench-faults
FAULT_OBJS := $(filter-out %/faults_none.o,$(LIB_OBJS)) $(call obj,tests/faults/faults.c)

# ---- Build stamps: a change of compiler or flags rebuilds everything --------

# The CPU the code is compiled for. -march=native means "the CPU of the
# machine that compiles", so the same flags make different code on a login
# node and on a compute node. The stamp holds what they resolve to here: the
# CPU the compiler tunes for and a checksum of every macro it predefines
# (__AVX2__, __AVX512F__, ...: one per instruction set it may use). Built on
# one CPU and made on another, everything is rebuilt: a binary is never
# reused on a CPU it was not compiled for.
TARGET_MACROS = $(CC) $(CFLAGS) -E -dM -x c /dev/null 2>/dev/null | LC_ALL=C sort
TARGET_CPU := $(shell $(TARGET_MACROS) | sed -n 's/^\#define __tune_\(.*\)__ 1$$/\1/p' | head -n 1)
TARGET := $(or $(TARGET_CPU),unknown)-$(firstword $(shell $(TARGET_MACROS) | cksum))
FLAGS_LINE := $(CC) $(CFLAGS) $(BASE_CFLAGS) $(CPPFLAGS) $(BASE_CPPFLAGS) $(LDFLAGS) $(SRC) \
              target=$(TARGET) $(if $(filter 1,$(HAVE_MPI)),$(MPICC))
GIT_REV := $(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
VERSION_H := \#define PB_GIT_REVISION "$(GIT_REV)"\n\#define PB_PLOT_DIR "$(CURDIR)/harness/plot"\n\#define PB_BUILD_CC "$(CC)"\n\#define PB_BUILD_CFLAGS "$(subst ",\",$(CFLAGS) $(BASE_CFLAGS))"\n\#define PB_BUILD_SRC "$(SRC)"\n
# Rewritten only when its text changes, so an unchanged build stays up to date.
$(shell mkdir -p $(BUILD)/gen; \
  printf '%s\n' '$(FLAGS_LINE)' | cmp -s - $(BUILD)/.flags || printf '%s\n' '$(FLAGS_LINE)' > $(BUILD)/.flags; \
  printf '$(VERSION_H)' | cmp -s - $(BUILD)/gen/version.h || printf '$(VERSION_H)' > $(BUILD)/gen/version.h)

# ---- Rules ------------------------------------------------------------------

.PHONY: all parbench
all: $(PARBENCH) $(TESTS) $(PARBENCH_FAULTS) $(MPI_CHECK)
parbench: $(PARBENCH)

# The compiler of one object, and of the links: the MPI wrapper where MPI is needed.
COMPILE = $(CC)
LINK := $(if $(filter 1,$(HAVE_MPI)),$(MPI_WRAP),$(CC))

$(BUILD)/obj/%.o: %.c $(BUILD)/.flags
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(COMPILE) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

MPI_OBJS := $(call obj,$(filter $(MPI_SRCS),$(KERNEL_SRCS) $(VARIANT_SRCS) $(HARNESS_SRCS))) \
            $(if $(filter 1,$(HAVE_MPI)),$(call obj,$(wildcard tests/mpi/*.c)))
$(MPI_OBJS): COMPILE = $(MPI_WRAP)

# Only the OpenMP files see -fopenmp: every other file is plain C11 + POSIX.
# The mpi variants are OpenMP files too: a rank may run OpenMP threads (hybrid).
OPENMP_OBJS := $(filter %/openmp.o %/openmp_runtime.o %/mpi.o %/mpi_ranks.o,$(LIB_OBJS))
$(OPENMP_OBJS): BASE_CFLAGS += $(OPENMP_CFLAGS)

$(PARBENCH): $(call obj,harness/main.c) $(LIB_OBJS)
	$(call say,LINK,$@)
	$(Q)$(LINK) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(OPENMP_LIBS) $(LDLIBS)

$(PARBENCH_FAULTS): $(call obj,harness/main.c) $(FAULT_OBJS)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LINK) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(OPENMP_LIBS) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(call obj,$(TEST_SUPPORT_SRCS)) $(LIB_OBJS)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LINK) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(TEST_LIBS) $(PKG_LIBS) $(OPENMP_LIBS) $(LDLIBS)

ifeq ($(HAVE_MPI),1)
$(MPI_CHECK): $(call obj,tests/mpi/mpi_check.c) $(LIB_OBJS)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LINK) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(OPENMP_LIBS) $(LDLIBS)
endif

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- Entry points -----------------------------------------------------------

SIZE ?= default
BENCH_ARGS ?=
# `make test KERNEL=cos_series VARIANT=openmp`: only that kernel's tests, and
# in the table-driven ones only that variant (a student's loop).
KERNEL ?=
VARIANT ?=
SELECTED_TESTS := $(if $(KERNEL),$(filter %/test_kernels %/test_$(KERNEL),$(TESTS)),$(TESTS))
TEST_ENV += PARBENCH_TEST_KERNEL=$(KERNEL) PARBENCH_TEST_VARIANT=$(VARIANT)
# The whole suite (end-to-end, faults, exercises up to date) only for the
# solutions without a filter.
FULL_TEST := $(if $(filter solutions,$(SRC)),$(if $(KERNEL)$(VARIANT),,yes))
# The mpi variant through a real launcher (tests/mpi.sh): all of it with the
# whole suite, only the bit-identity checks for KERNEL=k (VARIANT=mpi or none).
# It also checks a parbench built without MPI, made here first.
MPI_TEST := $(or $(FULL_TEST),$(if $(KERNEL),$(if $(filter-out mpi,$(VARIANT)),,yes)))
NO_MPI_PARBENCH := $(BUILD)$(if $(filter none,$(MPI)),,/no-mpi)/parbench
.PHONY: deps bench test plots compare lint fuzz exercises check-exercises handout lessons lesson \
        help clean test-grading test-handout test-cluster

DEPS := harness/scripts/deps.sh $(CC) $(SAN)

deps:
	@$(DEPS)

# A --size in BENCH_ARGS wins over SIZE: parbench is never given two.
bench:
	@$(DEPS)
	@$(MAKE) --no-print-directory $(PARBENCH)
	$(PARBENCH) $(if $(filter --size --size=%,$(BENCH_ARGS)),,--size $(SIZE)) $(BENCH_ARGS)

test:
	@$(DEPS)
	@$(MAKE) --no-print-directory all
	@failed=0; for t in $(SELECTED_TESTS); do \
	    echo "== $$t"; $(TEST_ENV) $$t || failed=1; \
	done; \
	if [ -n "$(FULL_TEST)" ]; then \
	    echo "== tests/e2e.sh"; $(TEST_ENV) tests/e2e.sh $(PARBENCH) || failed=1; \
	    echo "== tests/faults.sh"; $(TEST_ENV) tests/faults.sh $(PARBENCH_FAULTS) || failed=1; \
	    echo "== exercises/ up to date"; harness/scripts/exercises.py --check || failed=1; \
	    echo "== tests/compare.sh"; tests/compare.sh $(PARBENCH) || failed=1; \
	    echo "== tests/cpu_key.sh"; tests/cpu_key.sh || failed=1; \
	fi; \
	if [ -n "$(MPI_TEST)" ]; then \
	    if [ -z "$(KERNEL)" ] && [ "$(HAVE_MPI)" = 1 ]; then \
	        $(MAKE) --no-print-directory MPI=none $(NO_MPI_PARBENCH) >/dev/null || failed=1; \
	    fi; \
	    echo "== tests/mpi.sh"; $(TEST_ENV) tests/mpi.sh $(BUILD) $(NO_MPI_PARBENCH) || failed=1; \
	fi; \
	if [ $$failed -ne 0 ]; then echo "make test: FAILED" >&2; exit 1; fi; \
	echo "make test: all passed"

plots: $(PARBENCH)
	@test -n "$(RUN)" || { echo 'usage: make plots RUN=results/<run folder>' >&2; exit 2; }
	$(PARBENCH) --report $(RUN)

compare: $(PARBENCH)
	@test -n "$(A)" -a -n "$(B)" || { echo 'usage: make compare A=results/<run> B=results/<run> [OUT=folder] [FORCE=1]' >&2; exit 2; }
	$(PARBENCH) --compare $(A) $(B) $(if $(OUT),--out $(OUT)) $(if $(FORCE),--force)

# exercises/ is generated from solutions/ and committed.
exercises:
	harness/scripts/exercises.py

# Every stub compiles and parbench reports it as not implemented.
check-exercises:
	@harness/scripts/exercises.py --check
	@$(MAKE) --no-print-directory SRC=exercises all
	tests/exercises.sh build/exercises$(if $(SAN),/san-$(SAN))$(if $(filter none,$(MPI)),/no-mpi)/parbench

# The student's copy: everything but solutions/ (and the broken
# submissions of tests/grading/, which are diffs of the solutions), as a
# tarball. Its README starts with a note on what differs in a handout
# (harness/scripts/handout-note.md).
HANDOUT := build/handout/parbench
handout:
	@harness/scripts/exercises.py --check
	@rm -rf build/handout && mkdir -p $(HANDOUT)
	git ls-files | grep -v -e '^solutions/' -e '^tests/grading' | tar -cf - -T - | tar -xf - -C $(HANDOUT)
	cat harness/scripts/handout-note.md README.md >$(HANDOUT)/README.md
	tar -czf build/parbench-handout.tar.gz -C build/handout parbench
	@echo "handout: build/parbench-handout.tar.gz (no solutions/)"

# The lessons' tables, measured on this machine (harness/scripts/lessons.py):
# build/lessons/<kernel>.md. Quick by default (the small size class, 3
# rounds); SIZE= and ROUNDS= on the command line ask for more.
LESSON_SIZE := $(if $(filter command line,$(origin SIZE)),$(SIZE),small)
LESSON_ARGS = --size $(LESSON_SIZE) $(if $(ROUNDS),--rounds $(ROUNDS))
lessons:
	@$(DEPS)
	harness/scripts/lessons.py $(LESSON_ARGS)

lesson:
	@test -n "$(KERNEL)" || { echo 'usage: make lesson KERNEL=cos_series [SIZE=small] [ROUNDS=3]' >&2; exit 2; }
	@$(DEPS)
	harness/scripts/lessons.py $(LESSON_ARGS) $(KERNEL)

# CI's longer checks (.ci/run), each a script in tests/.
# grade.sh on deliberately broken submissions: race, reduction, hang, ...
test-grading:
	@$(DEPS)
	tests/grading.sh
# The handout builds, benches, tests and grades where there is no .git.
test-handout:
	@$(DEPS)
	tests/handout.sh
# A real single-node Slurm (as root; skipped, with the reason, elsewhere).
test-cluster:
	@$(DEPS)
	tests/cluster.sh

# The fuzz target of the input parsers, run for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZER := build/san-fuzz/tests/fuzz_cli
fuzz:
	@$(DEPS) fuzz
	@$(MAKE) --no-print-directory SAN=fuzz $(FUZZER)
	@mkdir -p build/fuzz-corpus
	$(FUZZER) -max_total_time=$(FUZZ_SECONDS) -max_len=512 -print_final_stats=1 \
	    build/fuzz-corpus tests/faults/fuzz-seeds

$(BUILD)/tests/fuzz_cli: $(call obj,tests/faults/fuzz_cli.c) $(LIB_OBJS)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined $^ -o $@ $(PKG_LIBS) $(OPENMP_LIBS) $(LDLIBS)

# Static checks: cppcheck and clang-tidy (the checks chosen in .clang-tidy).
# The MPI files are checked where MPI is installed, with its headers.
LINT_SRCS := $(KERNEL_SRCS) $(VARIANT_SRCS) $(HARNESS_SRCS) harness/main.c
MPI_INCLUDES = $(if $(filter 1,$(HAVE_MPI)),$(filter -I%,$(shell $(MPICC) --showme:compile 2>/dev/null \
                   || $(MPICC) -show 2>/dev/null)))
lint:
	@$(DEPS) lint
	cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr --quiet \
	    --error-exitcode=1 -Ikernels -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L \
	    -DPB_HAVE_MPI=$(HAVE_MPI) $(LINT_SRCS) $(filter-out $(LEFT_OUT),$(wildcard tests/*.c tests/*/*.c))
	clang-tidy --quiet $(LINT_SRCS) -- -std=c11 -D_POSIX_C_SOURCE=200809L -DPB_HAVE_MPI=$(HAVE_MPI) \
	    -Ikernels -I$(BUILD)/gen $(PKG_CFLAGS) $(MPI_INCLUDES) -fopenmp
	@echo "make lint: clean"

help:
	@echo 'parbench — parallel-computing teaching benchmarks'
	@echo
	@echo 'Targets:'
	@echo '  make            build build/parbench and the tests'
	@echo '  make parbench   build only build/parbench (no cmocka needed)'
	@echo '  make bench      install missing packages, build, run the default suite;'
	@echo '                  results go to results/<host>-<timestamp>/'
	@echo '  make test       install missing packages, build, run the cmocka tests'
	@echo '                  and the end-to-end check of the parbench program'
	@echo '  make plots RUN=results/<run>      redraw the plots and summary.md of a run'
	@echo '  make compare A=results/<run1> B=results/<run2> [OUT=dir] [FORCE=1]'
	@echo '                  two runs side by side (say a laptop and a cluster node):'
	@echo '                  times and B / A, speedups, A'"'"'s fit against B'"'"'s points'
	@echo '  make exercises  regenerate exercises/ from solutions/ (commit the result)'
	@echo '  make check-exercises   exercises/ up to date, every stub compiles and'
	@echo '                  is reported "not implemented"'
	@echo '  make handout    build/parbench-handout.tar.gz: the repository without solutions/'
	@echo '  make lesson KERNEL=k   measure the tables of docs/kernels/k.md on this machine'
	@echo '                  (steps from naive to optimized, the variants):'
	@echo '                  build/lessons/k.md; make lessons does every kernel'

	@echo '  make test-grading   grade.sh on deliberately broken submissions (~2 min)'
	@echo '  make test-handout   the handout builds, benches and grades without .git'
	@echo '  make test-cluster   a real single-node Slurm: jobs at -c1 and -c2, compared'
	@echo '                  (root; installs and starts slurmctld, slurmd, munged; ~2 min)'
	@echo '  make lint       cppcheck and clang-tidy (the checks in .clang-tidy)'
	@echo '  make fuzz       fuzz the command-line and input parsers (FUZZ_SECONDS=60)'
	@echo '  make deps       only check for (and install) the packages parbench needs'
	@echo '                  (Open MPI too, for the mpi variant, where it may)'
	@echo '  make clean      remove build/'
	@echo '  make help       this text'
	@echo
	@echo 'Variables:'
	@echo '  SIZE=test|small|default|large   size class for make bench (default: default)'
	@echo '                                  and make lesson(s) (default: small)'
	@echo '  BENCH_ARGS="..."                more parbench options, e.g. "--kernel cos_series"'
	@echo '  SRC=solutions|exercises         which variant sources to build (default: solutions,'
	@echo '                                  or exercises where there is none: the handout)'
	@echo '  CC=clang                        another compiler (clang also needs libomp-dev)'
	@echo '  OPT="-O2"                       optimization flags (default: -O3 -march=native)'
	@echo '  KERNEL=k VARIANT=v              make test: only that kernel / variant (tests'
	@echo '                                  about other variants are reported SKIPPED)'
	@echo '  SAN=address|thread              build and test under ASan+UBSan or TSan:'
	@echo '                                  make test SRC=exercises SAN=thread KERNEL=k VARIANT=v'
	@echo '                                  names the line of a data race'
	@echo '  MPI=none                        build without MPI (build/no-mpi/): the mpi'
	@echo '                                  variant is then UNAVAILABLE (default: MPI if'
	@echo '                                  mpicc is found; MPICC=path for another wrapper)'
	@echo '  V=1                             show the full compiler commands'
	@echo
	@echo 'Program help: build/parbench --help'

clean:
	rm -rf build
