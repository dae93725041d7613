using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Kumo.Bench.Load.Machine;

/// <summary>What the numbers were measured on: CPUs, memory, kernel, distribution, .NET, runc and the cgroup version.</summary>
internal sealed record MachineInfo(int Cpus, string CpuModel, long MemoryMb, string Kernel, string Distribution, string Dotnet, string Runc, string Cgroup, string Node, string Python)
{
    public static MachineInfo Describe() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        MemInfo.Read("MemTotal") / 1024,
        File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        ReadDistribution(),
        RuntimeInformation.FrameworkDescription,
        FirstLine("runc", "--version") ?? "runc not found",
        CgroupVersion(),
        FirstLine("node", "--version") ?? "not found",
        FirstLine("python3", "--version") ?? "not found");

    /// <summary>cgroup v2 has one unified hierarchy at /sys/fs/cgroup (cgroup.controllers there); v1 a tmpfs of controllers.</summary>
    public static bool IsCgroupV2 => File.Exists("/sys/fs/cgroup/cgroup.controllers");

    private static string CgroupVersion() => IsCgroupV2 ? "v2 (unified)" : "v1 (one hierarchy per controller)";

    private static string ReadCpuModel()
    {
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return "unknown CPU";
    }

    private static string ReadDistribution()
    {
        foreach (var line in File.Exists("/etc/os-release") ? File.ReadLines("/etc/os-release") : [])
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            {
                return line["PRETTY_NAME=".Length..].Trim('"');
            }
        }

        return RuntimeInformation.OSDescription;
    }

    /// <summary>The first line a command prints, or null when it cannot be run.</summary>
    public static string? FirstLine(string command, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadLine();
            process.WaitForExit();
            return line?.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cpus} CPUs ({CpuModel}), {MemoryMb:N0} MB RAM, {Distribution}, kernel {Kernel}, {Dotnet}, {Runc}, cgroup {Cgroup}, Node {Node}, {Python}");
}
