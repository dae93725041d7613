namespace Kumo.Init;

/// <summary>
/// For a sandbox with outbound network: waits until the host has plugged in its network (a default route
/// through the interface appears in /proc/net/route), so the function never starts without it.
/// </summary>
internal static class NetworkWait
{
    public static bool UntilRoute(string interfaceName, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (HasDefaultRoute(interfaceName))
            {
                return true;
            }

            Thread.Sleep(2);
        }

        return HasDefaultRoute(interfaceName);
    }

    private static bool HasDefaultRoute(string interfaceName)
    {
        try
        {
            // Columns: Iface, Destination, Gateway, …; a default route has destination 00000000.
            return File.ReadLines("/proc/net/route").Skip(1)
                .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
                .Any(columns => columns.Length > 1 && columns[0] == interfaceName && columns[1] == "00000000");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
