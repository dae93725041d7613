using System.Diagnostics;
using Kumo.Runtimes;
using Kumo.Sandbox;

namespace Kumo.Server.Tests;

/// <summary>Checks that a stopped server left no sandbox behind: no container, bundle, socket or process in its cgroup.</summary>
internal static class SandboxLeaks
{
    public static async Task AssertNoneAsync(string dataDirectory)
    {
        var layout = new SandboxLayout(dataDirectory, RuntimeFiles.DefaultDirectory);
        Assert.Equal("", await RuncListAsync(layout.RuncState));
        Assert.Empty(Directory.Exists(layout.Bundles) ? Directory.EnumerateDirectories(layout.Bundles) : []);
        Assert.False(File.Exists(layout.RuntimeSocket));
        Assert.Empty(ProcessesInCgroup(layout.CgroupParent));
    }

    public static async Task<string> RuncListAsync(string state)
    {
        if (!Directory.Exists(state))
        {
            return "";
        }

        using var runc = Process.Start(new ProcessStartInfo("runc", ["--root", state, "list", "--quiet"]) { RedirectStandardOutput = true })!;
        var output = await runc.StandardOutput.ReadToEndAsync();
        await runc.WaitForExitAsync();
        return output.Trim();
    }

    public static List<string> ProcessesInCgroup(string cgroupParent)
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(proc, "cgroup")).Contains(cgroupParent, StringComparison.Ordinal))
                {
                    found.Add(proc);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
