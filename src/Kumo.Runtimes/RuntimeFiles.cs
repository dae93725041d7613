namespace Kumo.Runtimes;

/// <summary>Where the runtime files land: <c>runtime/</c> beside the assemblies of the program that runs sandboxes.</summary>
public static class RuntimeFiles
{
    /// <summary>The folder name under the application's base directory.</summary>
    public const string FolderName = "runtime";

    /// <summary>The default runtime directory of this program.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, FolderName);
}
