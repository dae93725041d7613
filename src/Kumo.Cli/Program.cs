using Kumo.Cli;

return await KumoCli.RunAsync(args, CliConsole.System());
