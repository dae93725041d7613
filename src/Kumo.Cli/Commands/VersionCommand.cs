using System.CommandLine;
using System.Runtime.InteropServices;
using Kumo.Abstractions;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo version</c>: this build's version, runtime and platform.</summary>
internal static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("version", "Show the version of this kumo build");
        command.SetAction(_ =>
        {
            console.Out.WriteLine($"kumo {KumoVersion.Informational}");
            console.Out.WriteLine($"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.RuntimeIdentifier}");
            return ExitCodes.Success;
        });
        return command;
    }
}
