using Kumo.Bench.Load;

// Usage: Kumo.Bench.Load all [--markdown docs/benchmarks.md] [--figures 1,2,3,4,5] …   (bench/run.sh runs this)
//        Kumo.Bench.Load load --url URL [--mode open|closed] [--rate R] [--poisson] [--concurrency C] [--seconds S]
return await LoadCommand.Create().Parse(args).InvokeAsync();
