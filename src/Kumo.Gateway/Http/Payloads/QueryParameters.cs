namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// A raw query string read as API Gateway reads it: split on <c>&amp;</c>, each part split at its first <c>=</c>
/// (a part without one has an empty value), <c>+</c> read as a space and percent-escapes decoded; values of a
/// repeated key kept together, in order, keys in the order they first appear.
/// </summary>
internal static class QueryParameters
{
    /// <summary>The decoded parameters; empty when the query string has none.</summary>
    public static List<KeyValuePair<string, List<string>>> Parse(string rawQueryString)
    {
        var parameters = new List<KeyValuePair<string, List<string>>>();
        if (string.IsNullOrEmpty(rawQueryString))
        {
            return parameters;
        }

        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var part in rawQueryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals >= 0 ? part[..equals] : part);
            var value = equals >= 0 ? Decode(part[(equals + 1)..]) : "";
            if (!byKey.TryGetValue(key, out var values))
            {
                values = [];
                byKey.Add(key, values);
                parameters.Add(new(key, values));
            }

            values.Add(value);
        }

        return parameters;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
