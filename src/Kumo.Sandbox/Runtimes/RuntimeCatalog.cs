namespace Kumo.Sandbox.Runtimes;

/// <summary>
/// The Lambda runtime identifiers Kumo accepts, mapped to what this machine has: Python and Node from
/// <c>/usr/bin</c>, .NET from <c>/usr/share/dotnet</c>. A newer identifier runs on the interpreter the machine
/// has when it lacks that exact version (<c>python3.12</c> on Python 3.11, say); the bootstraps need nothing newer.
/// </summary>
public sealed class RuntimeCatalog
{
    private readonly Dictionary<string, RuntimeDefinition> _runtimes = new(StringComparer.Ordinal);

    /// <summary>Builds the catalog, asking <paramref name="exists"/> which interpreters this machine has.</summary>
    public RuntimeCatalog(Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(exists);
        foreach (var id in new[] { "provided", "provided.al2", "provided.al2023" })
        {
            Add(new RuntimeDefinition(id, ["/var/task/bootstrap"], null));
        }

        string[] pythons = ["/usr/bin/python3.12", "/usr/bin/python3.11", "/usr/bin/python3"];
        foreach (var id in new[] { "python3.11", "python3.12" })
        {
            var preferred = $"/usr/bin/{id}";
            var interpreter = exists(preferred) ? preferred : pythons.FirstOrDefault(exists);
            if (interpreter is not null)
            {
                Add(new RuntimeDefinition(id, [interpreter, "-u", "/var/runtime/python/bootstrap.py"], $"AWS_Lambda_{id}"));
            }
        }

        if (exists("/usr/bin/node"))
        {
            foreach (var id in new[] { "nodejs20.x", "nodejs22.x" })
            {
                Add(new RuntimeDefinition(id, ["/usr/bin/node", "/var/runtime/node/bootstrap.mjs"], $"AWS_Lambda_{id}"));
            }
        }

        if (exists("/usr/share/dotnet/dotnet"))
        {
            foreach (var id in new[] { "dotnet8", "dotnet10" })
            {
                Add(new RuntimeDefinition(id, ["/usr/share/dotnet/dotnet", "/var/runtime/dotnet/Kumo.Runtime.Dotnet.dll"], $"AWS_Lambda_{id}"));
            }
        }
    }

    /// <summary>The identifiers this machine can run, sorted.</summary>
    public IEnumerable<string> Identifiers => _runtimes.Keys.Order(StringComparer.Ordinal);

    /// <summary>The catalog of this machine.</summary>
    public static RuntimeCatalog ForThisMachine() => new(File.Exists);

    /// <summary>Finds a runtime, or explains which ones exist.</summary>
    public RuntimeDefinition? Find(string id, out string? problem)
    {
        if (_runtimes.TryGetValue(id, out var runtime))
        {
            problem = null;
            return runtime;
        }

        problem = $"runtime '{id}' is not supported on this machine; use one of {string.Join(", ", Identifiers)}";
        return null;
    }

    private void Add(RuntimeDefinition runtime) => _runtimes[runtime.Id] = runtime;
}
