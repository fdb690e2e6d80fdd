#!/bin/sh
# Test launcher for builds that need CPU features this machine may lack (the x86-avx512 preset):
#   require_cpu.sh "avx512f avx512bw ..." PROGRAM ARGS...
# runs PROGRAM when /proc/cpuinfo lists every feature; otherwise it reports one skipped test
# (to gtest_discover_tests and to ctest), so the build is still compiled but nothing fails.
features=$1
shift
missing=
for f in $features; do
  grep -qw "$f" /proc/cpuinfo 2>/dev/null || missing="$missing $f"
done
[ -z "$missing" ] && exec "$@"
case " $* " in
*" --gtest_list_tests"*)
  printf 'CpuSupport.\n  RequiresMissingFeatures\n'
  exit 0
  ;;
esac
echo "[  SKIPPED ] this CPU lacks${missing}: the tests were compiled but are not run"
exit 0
