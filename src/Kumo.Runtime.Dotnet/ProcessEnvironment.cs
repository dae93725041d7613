using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Kumo.Runtime.Dotnet;

/// <summary>
/// Sets a variable where both managed and native code read it. On Unix, .NET keeps its own copy of the environment:
/// <see cref="Environment.SetEnvironmentVariable(string, string?)"/> alone is invisible to <c>getenv</c> in native
/// libraries the function loads, so libc's <c>setenv</c> is called as well.
/// </summary>
internal static partial class ProcessEnvironment
{
    public static void Set(string name, string value)
    {
        if (SetNative(name, value, overwrite: 1) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setenv({name}) failed");
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetNative(string name, string value, int overwrite);
}
