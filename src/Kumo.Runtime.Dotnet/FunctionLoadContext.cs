using System.Reflection;
using System.Runtime.Loader;

namespace Kumo.Runtime.Dotnet;

/// <summary>
/// Loads the function's assembly and its dependencies from the code directory (through its deps.json when it
/// has one), and leaves the framework's assemblies to the default context.
/// </summary>
internal sealed class FunctionLoadContext(string mainAssemblyPath) : AssemblyLoadContext("function")
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);
    private readonly string _directory = Path.GetDirectoryName(mainAssemblyPath)!;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (_resolver.ResolveAssemblyToPath(assemblyName) is { } resolved)
        {
            return LoadFromAssemblyPath(resolved);
        }

        var beside = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(beside) && !IsFramework(assemblyName) ? LoadFromAssemblyPath(beside) : null;
    }

    protected override nint LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : 0;

    private static bool IsFramework(AssemblyName name) =>
        Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name.Name, StringComparison.Ordinal));
}
