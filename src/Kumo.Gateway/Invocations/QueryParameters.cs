using System.Globalization;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// Reads the query string of a native API request, collecting every problem (unknown or repeated parameters,
/// bad values) so that one answer names them all. An empty value counts as not given.
/// </summary>
internal sealed class QueryParameters
{
    private readonly IQueryCollection _query;
    private readonly List<string> _problems = [];

    public QueryParameters(IQueryCollection query, params string[] known)
    {
        _query = query;
        foreach (var name in query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            _problems.Add($"unknown query parameter '{name}': use {string.Join(", ", known)}");
        }
    }

    public IReadOnlyList<string> Problems => _problems;

    public string? Text(string name)
    {
        var values = _query[name];
        if (values.Count > 1)
        {
            _problems.Add($"{name} is given {values.Count} times: give it once");
            return null;
        }

        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    public int Integer(string name, int min, int max, int fallback)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _problems.Add($"{name} '{text}' is not valid: use a whole number from {min} to {max}");
        return fallback;
    }

    public long? Sequence(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        _problems.Add($"{name} '{text}' is not valid: use a sequence number of 0 or more (the lastSequence of the answer before)");
        return null;
    }

    public bool Flag(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        _problems.Add($"{name} '{text}' is not valid: use true or false");
        return false;
    }

    public DateTimeOffset? Time(string name, DateTimeOffset now)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (PointInTime.TryParse(text, now, out var value))
        {
            return value;
        }

        _problems.Add(PointInTime.Problem(name, text));
        return null;
    }

    public InvocationOutcome? Outcome(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (OutcomeNames.TryParse(text, out var value))
        {
            return value;
        }

        _problems.Add(OutcomeNames.Problem(name, text));
        return null;
    }

    public void Add(string problem) => _problems.Add(problem);
}
