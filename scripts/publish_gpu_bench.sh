#!/usr/bin/env bash
# Publishes the benchmarks as a self-contained, trimmed linux-x64 app for a GPU machine that has an NVIDIA driver but
# no .NET SDK (see docs/gpu.md): out/bench/ (~31 MB) and out/bench.tar.xz (~8 MB).
# On the GPU machine: ./bench/DeepLearningCourse.Benchmarks --only gpu   (and scripts/cublas_reference.py next to it)
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf out/bench out/bench.tar.xz
dotnet publish src/DeepLearningCourse.Benchmarks -c Release -r linux-x64 --self-contained -o out/bench \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false \
  -p:InvariantGlobalization=true -p:DebugType=none
tar -cJf out/bench.tar.xz -C out bench
du -sh out/bench out/bench.tar.xz
# Smoke check here: every kernel compiles and runs on ILGPU's CPU accelerator inside the trimmed app.
DLC_DEVICE=ilgpu-cpu out/bench/DeepLearningCourse.Benchmarks --only gpu --quick | tail -n 4
