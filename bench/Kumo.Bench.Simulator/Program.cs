using Kumo.Bench.Simulator;

// Usage: dotnet run --project bench/Kumo.Bench.Simulator -- synthetic --functions 2000 --days 2 --seed 1
//        dotnet run --project bench/Kumo.Bench.Simulator -- azure --trace DIR [--days N]
return await SimulatorCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
