using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Kumo.Core.Configuration;

/// <summary>
/// Reads typed settings from one configuration section and collects every problem instead of stopping
/// at the first, so that an operator fixes them all in one go. Each area's options type reads itself
/// with one of these; nothing here touches the disk or the environment.
/// </summary>
/// <param name="section">The section that holds the area's settings, such as <c>Kumo</c>.</param>
/// <param name="originOf">Names where a key's value came from, given the key's full path.</param>
public sealed class SettingsReader(IConfiguration section, Func<string, string> originOf)
{
    private readonly List<SettingProblem> _problems = [];
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every problem found so far.</summary>
    public IReadOnlyList<SettingProblem> Problems => _problems;

    /// <summary>Reads a whole number in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public int Integer(string key, int defaultValue, int min, int max, string? note = null)
    {
        var raw = Raw(key);
        if (raw is null)
        {
            return defaultValue;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        Report(key, raw, $"use a whole number from {min} to {max}{(note is null ? "" : $" ({note})")}");
        return defaultValue;
    }

    /// <summary>
    /// Reads text that <paramref name="validate"/> accepts; it returns null for a good value and otherwise
    /// what would be accepted.
    /// </summary>
    public string Text(string key, string defaultValue, Func<string, string?> validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        var raw = Raw(key);
        if (raw is null)
        {
            return defaultValue;
        }

        var allowed = validate(raw);
        if (allowed is null)
        {
            return raw;
        }

        Report(key, raw, allowed);
        return defaultValue;
    }

    /// <summary>Reports every key in the section that no read asked for: usually a typo.</summary>
    public void RejectUnknownKeys()
    {
        var known = string.Join(", ", _read.Order(StringComparer.Ordinal));
        foreach (var child in section.GetChildren())
        {
            if (!_read.Contains(child.Key))
            {
                Report(child.Key, child.Value ?? "(a section)", $"there is no such setting; known settings are {known}");
            }
        }
    }

    private string? Raw(string key)
    {
        _read.Add(key);
        var value = section[key];
        if (value is null && section.GetSection(key).GetChildren().Any())
        {
            // {"Port": {"x": 1}} or {"Port": [1]}: not a value at all, and silently ignoring it would hide the mistake.
            Report(key, "(an object or a list)", "use a single value");
        }

        return value;
    }

    private void Report(string key, string value, string allowed)
    {
        var path = section is IConfigurationSection s ? ConfigurationPath.Combine(s.Path, key) : key;
        _problems.Add(new SettingProblem(key, value, originOf(path), allowed));
    }
}
