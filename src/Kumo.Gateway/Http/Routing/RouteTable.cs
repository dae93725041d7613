using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Http.Routing;

/// <summary>The routes of one app, ready to match requests, with the app's settings.</summary>
internal sealed class RouteTable
{
    private readonly List<(HttpRoute Route, RouteTemplate Template)> _routes;

    public RouteTable(IEnumerable<HttpRoute> routes, HttpApp? app = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        App = app;
        _routes = [];
        foreach (var route in routes)
        {
            // Routes are checked when added; one that no longer parses (written by another version) is left out.
            if (RouteTemplate.TryParse(route.Path, out var template, out _))
            {
                _routes.Add((route, template));
            }
        }
    }

    /// <summary>The app's settings (CORS, debug, authorisers, API keys); null when it has none.</summary>
    public HttpApp? App { get; }

    /// <summary>How many routes the table holds.</summary>
    public int Count => _routes.Count;

    /// <summary>
    /// The route for a request: of the routes whose template matches the path, the most specific one; among
    /// equally specific ones, the route for the request's method before <c>ANY</c>. Null when none matches.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The decoded path segments (the path split on '/', without empty segments at the ends).</param>
    public RouteMatch? Match(string method, IReadOnlyList<string> path)
    {
        RouteMatch? best = null;
        RouteTemplate? bestTemplate = null;
        foreach (var (route, template) in _routes)
        {
            if (route.Method != "ANY" && !string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!template.TryMatch(path, out var parameters))
            {
                continue;
            }

            var better = bestTemplate is null
                || template.CompareSpecificity(bestTemplate) is var order && (order < 0 || (order == 0 && best!.Route.Method == "ANY" && route.Method != "ANY"));
            if (better)
            {
                best = new RouteMatch(route, parameters);
                bestTemplate = template;
            }
        }

        return best;
    }

    /// <summary>The methods of the routes whose template matches the path, for a 404 that says what exists.</summary>
    public IReadOnlyList<string> MethodsFor(IReadOnlyList<string> path) =>
        [.. _routes.Where(r => !r.Template.IsDefault && r.Template.TryMatch(path, out _)).Select(r => r.Route.Method).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>A route that matched, with its path parameters' values.</summary>
internal sealed record RouteMatch(HttpRoute Route, IReadOnlyDictionary<string, string> PathParameters);
