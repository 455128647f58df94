# The nginx instances of the benchmarks, for bench/run.sh and
# bench/rerun.sh (sourced: the caller defines say).

# the pid of the master whose prefix is $1, if it runs
nginx_master() {
    local pidfile=$1/nginx.pid pid
    [ -s "$pidfile" ] || return 0
    pid=$(tr -dc '0-9' < "$pidfile")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    case $(cat "/proc/$pid/comm" 2>/dev/null || true) in
        nginx*) echo "$pid" ;;
    esac
}

# stops the nginx of prefix $1 and waits for it to exit
stop_nginx() {
    local prefix=$1 pid n
    pid=$(nginx_master "$prefix")
    [ -n "$pid" ] || return 0
    kill -QUIT "$pid" 2>/dev/null || true
    for n in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    for n in $(seq 30); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "nginx (pid $pid) did not stop"
}

# prints what went wrong in the error log of prefix $1; true if anything
nginx_errors() {
    grep -E '\[(alert|emerg|crit)\]|exited on signal' "$1/error.log" >&2
}

# is something listening on loopback port $1?
port_busy() {
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# the command prefix that runs wrk beside $1 workers: with PIN=1, on the
# CPUs of NCPU that no worker has, when there are any
wrk_cpus() {
    local workers=$1
    if [ "$PIN" = 1 ] && [ "$workers" -lt "$NCPU" ]; then
        echo "taskset -c $workers-$((NCPU - 1))"
    fi
}
