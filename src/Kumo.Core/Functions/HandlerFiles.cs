using Kumo.Core.Packages;

namespace Kumo.Core.Functions;

/// <summary>
/// Whether a package holds what its handler names, so that a function that could never start is refused at
/// create time rather than failing on every invocation.
/// </summary>
public static class HandlerFiles
{
    /// <summary>Why <paramref name="entries"/> lack the handler's file, or null when it is there (or cannot be known).</summary>
    public static string? Problem(string runtime, string handler, IReadOnlyList<PackageEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(entries);
        var files = entries.Where(e => e.Kind != PackageEntryKind.Directory).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        if (runtime.StartsWith("provided", StringComparison.Ordinal))
        {
            return files.Contains("bootstrap")
                ? null
                : "the package has no 'bootstrap' file at its root; a provided runtime starts that executable";
        }

        if (runtime.StartsWith("python", StringComparison.Ordinal))
        {
            var module = ModuleOf(handler);
            if (module is null)
            {
                return $"handler '{handler}' is not valid for Python: use file.function, such as lambda_function.handler";
            }

            var path = module.Replace('.', '/');
            return files.Contains(path + ".py") || files.Contains(path + "/__init__.py")
                ? null
                : $"handler '{handler}' names module '{module}', but the package has no '{path}.py'";
        }

        if (runtime.StartsWith("nodejs", StringComparison.Ordinal))
        {
            var module = ModuleOf(handler);
            if (module is null)
            {
                return $"handler '{handler}' is not valid for Node.js: use file.function, such as index.handler";
            }

            return new[] { ".js", ".mjs", ".cjs" }.Any(ext => files.Contains(module + ext))
                ? null
                : $"handler '{handler}' names module '{module}', but the package has no '{module}.js', '{module}.mjs' or '{module}.cjs'";
        }

        if (runtime.StartsWith("dotnet", StringComparison.Ordinal))
        {
            var assembly = handler.Split("::")[0];
            return assembly.Length > 0 && files.Contains(assembly + ".dll")
                ? null
                : $"handler '{handler}' names assembly '{assembly}', but the package has no '{assembly}.dll' at its root";
        }

        return null;
    }

    private static string? ModuleOf(string handler)
    {
        var dot = handler.LastIndexOf('.');
        return dot <= 0 || dot == handler.Length - 1 ? null : handler[..dot];
    }
}
