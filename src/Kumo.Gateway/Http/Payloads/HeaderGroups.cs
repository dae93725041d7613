namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// A request's headers grouped by name, case ignored: each group is named as its first header was sent and holds
/// every value in arrival order; groups are in the order their names first arrived.
/// </summary>
internal static class HeaderGroups
{
    /// <summary>Groups the headers.</summary>
    public static List<KeyValuePair<string, List<string>>> Group(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var groups = new List<KeyValuePair<string, List<string>>>();
        var byName = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!byName.TryGetValue(name, out var values))
            {
                values = [];
                byName.Add(name, values);
                groups.Add(new(name, values));
            }

            values.Add(value);
        }

        return groups;
    }

    /// <summary>The first value of the named header (case ignored), or null when the request has none.</summary>
    public static string? First(IEnumerable<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (headerName, value) in headers)
        {
            if (headerName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
