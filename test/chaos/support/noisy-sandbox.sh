# Run inside a sandbox container (bash -c "$(cat this)" bash SECONDS): a memory hog and a fork bomb
# together for SECONDS, then both killed. Once the bomb holds every pid the sandbox may have, no
# fork succeeds in the container, so everything after the start uses bash builtins only: waits
# are `read -t` on a pipe nobody writes, cgroup counters are read with `read`.
seconds=${1:-15}

exec 9< <(exec sleep 100000)
waiter=$!
pause() { read -r -t "$1" -u 9; }

oom_kills=0
count_oom_kills() {
  local file key value
  for file in /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events; do
    [[ -r $file ]] || continue
    while read -r key value; do [[ $key == oom_kill ]] && oom_kills=$value; done < "$file"
  done
}

# The memory hog: `tail` buffers one endless line until the kernel kills it, again and again.
setsid bash -c 'while :; do head -c 2G /dev/zero | tail; done' > /dev/null 2>&1 9<&- &
hog=$!
# Its first OOM kill before the bomb starts (afterwards the hog can hardly fork any more).
for ((i = 0; i < 300 && oom_kills == 0; i++)); do pause 0.1; count_oom_kills; done

# The fork bomb.
setsid bash -c 'f() { f | f & }; f' > /dev/null 2>&1 9<&- &
bomb=$!
pause "$seconds"

# Both process groups, repeatedly: a bomb process forking while the first signals fly is caught
# by the next round. (`kill` keeps succeeding on zombies, so the rounds are counted, not awaited.)
for ((i = 0; i < 20; i++)); do
  kill -KILL -- "-$bomb" "-$hog" 2> /dev/null
  pause 0.1
done
kill "$waiter"
echo "oom kills before the bomb: $oom_kills"
