# ngx_http_article_module: the core, its tests, the nginx module, the demo.
#
#   make                  build/article-rewrite and build/ngx_http_article_module.so
#   make test             unit tests of src/, then the Test::Nginx suites in t/
#   make test SANITIZE=1  the same with AddressSanitizer and UBSan
#   make test NGINX=static  the suites against build/nginx/sbin/nginx
#   make demo / demo-stop
#   make nginx            a whole nginx with the module compiled in
#   make fuzz, make bench, make deps

SANITIZE ?=
NGINX    ?= dynamic
# nginx reads NGINX from its environment (inherited sockets): keep it out
unexport NGINX
PORT     ?= 8080

CC       ?= cc
OPT      ?= -O2
CFLAGS_BASE = -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
              -Wno-unused-parameter -g $(OPT) -fPIC
PCRE_CFLAGS := $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
PCRE_LIBS   := $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
CHECK_LIBS  := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

ifeq ($(SANITIZE),1)
BUILD    := build/san
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
# nginx's own code has UBSan findings of its own (memcpy of zero bytes from
# NULL at start-up): in the whole sanitized nginx they are reported, not
# fatal, and tools/run-tests.sh fails the run on any report from our files
NGINX_SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer
else
BUILD    := build
SAN_FLAGS :=
NGINX_SAN_FLAGS :=
endif

CFLAGS_ALL = $(CFLAGS_BASE) $(SAN_FLAGS) $(PCRE_CFLAGS) $(CFLAGS)
LIBS       = $(PCRE_LIBS) -lcrypto

CORE_SRCS  := $(sort $(wildcard src/*.c))
CORE_HDRS  := $(wildcard src/*.h) $(wildcard src/*.inc)
CORE_OBJS  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(CORE_SRCS))
TEST_SRCS  := $(sort $(wildcard tests/test_*.c))
TEST_BINS  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TOOL_SRCS  := $(sort $(wildcard tools/*.c))

MODULE_SO  := $(BUILD)/ngx_http_article_module.so
# the addon's file list is fixed at configure time: a new file reconfigures
MODULE_SRCS := $(sort $(wildcard src/*.c ngx_module/*.c))
NGX_SRC    := /usr/share/nginx/src

.PHONY: all core module test unit deps deps-check demo demo-stop nginx fuzz FORCE \
        bench clean test-valgrind

all: core module

core: $(BUILD)/article-rewrite

$(BUILD)/obj/%.o: src/%.c $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libarticle.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/article-rewrite: $(TOOL_SRCS) $(BUILD)/libarticle.a $(CORE_HDRS)
	$(CC) $(CFLAGS_ALL) -Isrc -o $@ $(TOOL_SRCS) $(BUILD)/libarticle.a $(LIBS)

$(BUILD)/tests/%: tests/%.c tests/art_test.h $(BUILD)/libarticle.a $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-error -Isrc -Itests -o $@ $< \
	    $(BUILD)/libarticle.a $(CHECK_LIBS) $(LIBS) -lm -lpthread

# The dynamic module, built against Debian's nginx with its own flags so that
# the ABI matches /usr/sbin/nginx.  Nothing is written under $(NGX_SRC).
module: $(MODULE_SO)

# rewritten only when the list of sources changes
$(BUILD)/.module-sources: FORCE
	@mkdir -p $(BUILD)
	@echo "$(MODULE_SRCS)" | cmp -s - $@ || echo "$(MODULE_SRCS)" > $@

FORCE:

$(MODULE_SO): config $(CORE_SRCS) $(CORE_HDRS) $(wildcard ngx_module/*.[ch]) \
              ngx_module/exports.map \
              $(BUILD)/.module-sources
	@test -f $(NGX_SRC)/conf_flags || { \
	    echo "nginx-dev is missing: run 'make deps'" >&2; exit 1; }
	@mkdir -p $(BUILD)/nginx-dyn
	@if [ ! -f $(BUILD)/nginx-dyn/Makefile ] \
	    || [ config -nt $(BUILD)/nginx-dyn/Makefile ] \
	    || [ $(BUILD)/.module-sources -nt $(BUILD)/nginx-dyn/Makefile ]; \
	then \
	    ./tools/configure-nginx.sh dynamic $(CURDIR) \
	        $(CURDIR)/$(BUILD)/nginx-dyn "$(SAN_FLAGS)"; fi
	$(MAKE) -s -f $(CURDIR)/$(BUILD)/nginx-dyn/Makefile -C $(NGX_SRC) modules
	@# a new file, not the old one rewritten: a running nginx maps it
	cp $(BUILD)/nginx-dyn/ngx_http_article_module.so $@.new
	mv -f $@.new $@

# A whole nginx 1.22.1 with the module compiled in (--add-module).
nginx: $(BUILD)/nginx/sbin/nginx

# rewritten only when the compiler flags of the whole nginx change
$(BUILD)/.nginx-flags: FORCE
	@mkdir -p $(BUILD)
	@echo "$(NGINX_SAN_FLAGS)" | cmp -s - $@ || echo "$(NGINX_SAN_FLAGS)" > $@

$(BUILD)/nginx/sbin/nginx: config $(CORE_SRCS) $(CORE_HDRS) \
                           $(wildcard ngx_module/*.[ch]) $(BUILD)/.module-sources \
                           $(BUILD)/.nginx-flags
	./tools/build-static-nginx.sh $(CURDIR) $(CURDIR)/$(BUILD) \
	    "$(NGINX_SAN_FLAGS)"

unit: $(TEST_BINS)
	@./tools/run-unit.sh $(TEST_BINS)

ifeq ($(NGINX),static)
TEST_NGINX_DEP = $(BUILD)/nginx/sbin/nginx
else
TEST_NGINX_DEP = $(MODULE_SO)
endif

test: deps-check $(BUILD)/article-rewrite $(TEST_BINS) $(TEST_NGINX_DEP)
	@BUILD=$(BUILD) ART_NGINX_MODE=$(NGINX) SANITIZE=$(SANITIZE) \
	    ./tools/run-tests.sh $(TEST_BINS)

test-valgrind: deps-check $(BUILD)/article-rewrite $(TEST_BINS) $(MODULE_SO)
	@BUILD=$(BUILD) ART_NGINX_MODE=$(NGINX) TEST_NGINX_USE_VALGRIND=1 \
	    ./tools/run-tests.sh $(TEST_BINS)

deps-check:
	@./tools/deps.sh --check-or-install

deps:
	@./tools/deps.sh --install

demo: deps-check all
	@PORT=$(PORT) ./tools/demo.sh start

demo-stop:
	@PORT=$(PORT) ./tools/demo.sh stop

fuzz:
	@./tools/fuzz.sh $(FUZZ_SECONDS)

bench: all
	@./bench/run.sh

clean:
	rm -rf build t/servroot
