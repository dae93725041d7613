using Kumo.Abstractions.Http;
using Microsoft.AspNetCore.Http;

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
    /// equally specific ones, the route for the request's method before <c>ANY</c>. A static route for GET takes
    /// HEAD too; a static route's greedy rest may be empty (<c>/static/{path+}</c> serves <c>/static</c>), but only
    /// when no other route than <c>$default</c> matches. Null when none matches.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The decoded path segments (the path split on '/', without empty segments at the ends).</param>
    public RouteMatch? Match(string method, IReadOnlyList<string> path)
    {
        var best = Best(method, path, emptyRest: false);
        if (best is null || best.Value.Template.IsDefault)
        {
            best = Best(method, path, emptyRest: true) ?? best;
        }

        return best?.Match;
    }

    /// <summary>
    /// The most specific match: among all routes, or (<paramref name="emptyRest"/>) among the static routes whose
    /// greedy rest is empty for this path.
    /// </summary>
    private (RouteMatch Match, RouteTemplate Template)? Best(string method, IReadOnlyList<string> path, bool emptyRest)
    {
        RouteMatch? best = null;
        RouteTemplate? bestTemplate = null;
        foreach (var (route, template) in _routes)
        {
            if (!Accepts(route, method) || (emptyRest && !(route.IsStatic && template.IsGreedy && path.Count == template.Segments.Count - 1)))
            {
                continue;
            }

            if (!template.TryMatch(path, out var parameters, emptyRest))
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

        return best is null ? null : (best, bestTemplate!);
    }

    /// <summary>Whether a request with <paramref name="method"/> may take <paramref name="route"/>: its method, <c>ANY</c>, or HEAD for a static GET route.</summary>
    private static bool Accepts(HttpRoute route, string method) =>
        route.Method == "ANY"
        || string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)
        || (route.IsStatic && route.Method == "GET" && HttpMethods.IsHead(method));

    /// <summary>The methods of the routes whose template matches the path, for a 404 that says what exists.</summary>
    public IReadOnlyList<string> MethodsFor(IReadOnlyList<string> path) =>
        [.. _routes.Where(r => !r.Template.IsDefault && r.Template.TryMatch(path, out _, emptyRest: r.Route.IsStatic))
            .Select(r => r.Route.Method).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>A route that matched, with its path parameters' values.</summary>
internal sealed record RouteMatch(HttpRoute Route, IReadOnlyDictionary<string, string> PathParameters);
