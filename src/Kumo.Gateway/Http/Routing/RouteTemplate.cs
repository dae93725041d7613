using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Http.Routing;

/// <summary>
/// A route's path template, parsed: literal segments, <c>{name}</c> parameters that take one whole segment, and
/// a last greedy <c>{name+}</c> that takes the rest of the path (one segment or more), as API Gateway has them.
/// </summary>
internal sealed partial class RouteTemplate
{
    /// <summary>The longest template accepted.</summary>
    public const int MaxLength = 2048;

    private RouteTemplate(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        Segments = segments;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Its segments, in order; none for <c>/</c> and for <c>$default</c>.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>Whether this is <c>$default</c>, which matches any path no other route matches.</summary>
    public bool IsDefault => Text == HttpRoute.DefaultPath;

    /// <summary>Whether the template ends with a greedy parameter (<c>/{proxy+}</c>, <c>/static/{path+}</c>).</summary>
    public bool IsGreedy => Segments.Count > 0 && Segments[^1].Kind == SegmentKind.Greedy;

    /// <summary>Parses a template; false with what is wrong and how to write it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RouteTemplate? template, [NotNullWhen(false)] out string? problem)
    {
        template = null;
        if (text == HttpRoute.DefaultPath)
        {
            template = new RouteTemplate(text, []);
            problem = null;
            return true;
        }

        if (string.IsNullOrEmpty(text) || text[0] != '/')
        {
            problem = $"path '{text}' must start with '/' (for example /users/{{id}}), or be $default";
            return false;
        }

        if (text.Length > MaxLength)
        {
            problem = $"path is {text.Length} characters; at most {MaxLength} are allowed";
            return false;
        }

        var segments = new List<Segment>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parts = text == "/" ? [] : text[1..].Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                problem = $"path '{text}' has an empty segment (a '//' or a trailing '/'); remove it";
                return false;
            }

            if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                var match = ParameterPattern().Match(part);
                if (!match.Success)
                {
                    problem = $"segment '{part}' of path '{text}' is not a parameter: a parameter is a whole segment such as {{id}} (letters, digits, _ and -), or {{proxy+}} last";
                    return false;
                }

                var name = match.Groups["name"].Value;
                var greedy = match.Groups["greedy"].Success;
                if (greedy && i != parts.Length - 1)
                {
                    problem = $"the greedy parameter {{{name}+}} must be the last segment of path '{text}'";
                    return false;
                }

                if (!names.Add(name))
                {
                    problem = $"parameter '{name}' appears twice in path '{text}'; give each a different name";
                    return false;
                }

                segments.Add(new Segment(greedy ? SegmentKind.Greedy : SegmentKind.Parameter, name));
                continue;
            }

            if (part.Contains('%', StringComparison.Ordinal))
            {
                problem = $"segment '{part}' of path '{text}' holds '%': write the characters themselves, not their percent-encoding";
                return false;
            }

            segments.Add(new Segment(SegmentKind.Literal, part));
        }

        template = new RouteTemplate(text, segments);
        problem = null;
        return true;
    }

    /// <summary>
    /// Matches decoded path segments; the parameters' values when it matches. A greedy parameter takes the rest
    /// of the path, joined with <c>/</c>: one segment or more, or, with <paramref name="emptyRest"/>, none (its value
    /// then empty), as a static route's <c>/static/{path+}</c> takes <c>/static</c> too.
    /// </summary>
    public bool TryMatch(IReadOnlyList<string> path, [NotNullWhen(true)] out Dictionary<string, string>? parameters, bool emptyRest = false)
    {
        parameters = null;
        if (IsDefault)
        {
            parameters = [];
            return true;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Segments.Count; i++)
        {
            var segment = Segments[i];
            if (segment.Kind == SegmentKind.Greedy)
            {
                if (i >= path.Count && !emptyRest)
                {
                    return false;
                }

                values[segment.Value] = string.Join('/', path.Skip(i));
                parameters = values;
                return true;
            }

            if (i >= path.Count)
            {
                return false;
            }

            if (segment.Kind == SegmentKind.Literal)
            {
                if (!string.Equals(segment.Value, path[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            else
            {
                values[segment.Value] = path[i];
            }
        }

        if (path.Count != Segments.Count)
        {
            return false;
        }

        parameters = values;
        return true;
    }

    /// <summary>
    /// Orders matching templates from the most specific: segment by segment, a literal before a parameter
    /// before a greedy rest; then the longer template; <c>$default</c> last.
    /// </summary>
    public int CompareSpecificity(RouteTemplate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsDefault || other.IsDefault)
        {
            return IsDefault.CompareTo(other.IsDefault);
        }

        for (var i = 0; i < Math.Min(Segments.Count, other.Segments.Count); i++)
        {
            var byKind = Segments[i].Kind.CompareTo(other.Segments[i].Kind);
            if (byKind != 0)
            {
                return byKind;
            }
        }

        return other.Segments.Count.CompareTo(Segments.Count);
    }

    [GeneratedRegex(@"\A\{(?<name>[A-Za-z0-9_\-]{1,128})(?<greedy>\+)?\}\z")]
    private static partial Regex ParameterPattern();

    /// <summary>One segment of a template.</summary>
    /// <param name="Kind">Literal, parameter or greedy rest.</param>
    /// <param name="Value">The literal text, or the parameter's name.</param>
    internal sealed record Segment(SegmentKind Kind, string Value);

    /// <summary>What a segment matches; in order of specificity.</summary>
    internal enum SegmentKind
    {
        Literal,
        Parameter,
        Greedy,
    }
}
