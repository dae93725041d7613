using Kumo.Core.Functions;
using Kumo.Core.Packages;

namespace Kumo.Core.Tests.Functions;

public sealed class HandlerFilesTests
{
    [Theory]
    [InlineData("lambda_function.handler", "lambda_function.py")]
    [InlineData("app.main", "app.py")]
    [InlineData("pkg.handler", "pkg/__init__.py")]
    [InlineData("pkg.sub.handler", "pkg/sub.py")]
    [InlineData("pkg.sub.handler", "pkg/sub/__init__.py")]
    [InlineData("src/app.handler", "src/app.py")]
    public void Problem_PythonModulePresent_IsNull(string handler, string file)
    {
        Assert.Null(HandlerFiles.Problem("python3.12", handler, Files("other.py", file)));
    }

    [Fact]
    public void Problem_PythonModuleMissing_NamesTheFileItLookedFor()
    {
        var problem = HandlerFiles.Problem("python3.12", "app.handler", Files("lambda_function.py", "app.txt"));

        Assert.Equal("handler 'app.handler' names module 'app', but the package has no 'app.py'", problem);
    }

    [Fact]
    public void Problem_PythonDottedModuleMissing_NamesItsPath()
    {
        var problem = HandlerFiles.Problem("python3.11", "pkg.sub.handler", Files("pkg/__init__.py", "sub.py"));

        Assert.Equal("handler 'pkg.sub.handler' names module 'pkg.sub', but the package has no 'pkg/sub.py'", problem);
    }

    [Fact]
    public void Problem_PythonModuleOnlyADirectory_IsAProblem()
    {
        var entries = new[] { new PackageEntry("app.py", PackageEntryKind.Directory, 0, 0) };

        var problem = HandlerFiles.Problem("python3.12", "app.handler", entries);

        Assert.Equal("handler 'app.handler' names module 'app', but the package has no 'app.py'", problem);
    }

    [Fact]
    public void Problem_PythonModuleAsSymbolicLink_IsNull()
    {
        var entries = new[] { new PackageEntry("app.py", PackageEntryKind.SymbolicLink, 0, 7) };

        Assert.Null(HandlerFiles.Problem("python3.12", "app.handler", entries));
    }

    [Theory]
    [InlineData("handler")]
    [InlineData(".handler")]
    [InlineData("app.")]
    [InlineData("")]
    public void Problem_PythonHandlerWithoutFileAndFunction_IsNotValid(string handler)
    {
        var problem = HandlerFiles.Problem("python3.12", handler, Files("app.py", "handler.py"));

        Assert.Equal($"handler '{handler}' is not valid for Python: use file.function, such as lambda_function.handler", problem);
    }

    [Theory]
    [InlineData("index.js")]
    [InlineData("index.mjs")]
    [InlineData("index.cjs")]
    public void Problem_NodeModuleWithAnyExtension_IsNull(string file)
    {
        Assert.Null(HandlerFiles.Problem("nodejs20.x", "index.handler", Files(file)));
    }

    [Fact]
    public void Problem_NodeModuleInADirectory_IsNull()
    {
        Assert.Null(HandlerFiles.Problem("nodejs22.x", "src/index.handler", Files("src/index.mjs")));
    }

    [Fact]
    public void Problem_NodeModuleMissing_NamesTheThreeFilesItLookedFor()
    {
        var problem = HandlerFiles.Problem("nodejs20.x", "index.handler", Files("index.ts", "main.js", "index.json"));

        Assert.Equal("handler 'index.handler' names module 'index', but the package has no 'index.js', 'index.mjs' or 'index.cjs'", problem);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("index.")]
    [InlineData(".handler")]
    public void Problem_NodeHandlerWithoutFileAndFunction_IsNotValid(string handler)
    {
        var problem = HandlerFiles.Problem("nodejs20.x", handler, Files("index.js"));

        Assert.Equal($"handler '{handler}' is not valid for Node.js: use file.function, such as index.handler", problem);
    }

    [Theory]
    [InlineData("MyApp::MyApp.Function::Handler")]
    [InlineData("MyApp")]
    public void Problem_DotnetAssemblyPresent_IsNull(string handler)
    {
        Assert.Null(HandlerFiles.Problem("dotnet8", handler, Files("MyApp.dll", "MyApp.deps.json")));
    }

    [Fact]
    public void Problem_DotnetAssemblyMissing_NamesTheAssembly()
    {
        var problem = HandlerFiles.Problem("dotnet8", "MyApp::MyApp.Function::Handler", Files("Other.dll", "MyApp.pdb"));

        Assert.Equal(
            "handler 'MyApp::MyApp.Function::Handler' names assembly 'MyApp', but the package has no 'MyApp.dll' at its root",
            problem);
    }

    [Fact]
    public void Problem_DotnetAssemblyOnlyInASubdirectory_IsAProblem()
    {
        var problem = HandlerFiles.Problem("dotnet8", "MyApp::MyApp.Function::Handler", Files("bin/MyApp.dll"));

        Assert.Equal(
            "handler 'MyApp::MyApp.Function::Handler' names assembly 'MyApp', but the package has no 'MyApp.dll' at its root",
            problem);
    }

    [Fact]
    public void Problem_DotnetHandlerWithoutAssembly_IsAProblem()
    {
        var problem = HandlerFiles.Problem("dotnet8", "::Type::Method", Files(".dll"));

        Assert.Equal("handler '::Type::Method' names assembly '', but the package has no '.dll' at its root", problem);
    }

    [Theory]
    [InlineData("provided.al2023")]
    [InlineData("provided.al2")]
    [InlineData("provided")]
    public void Problem_ProvidedWithBootstrap_IsNull(string runtime)
    {
        Assert.Null(HandlerFiles.Problem(runtime, "anything.at.all", Files("bootstrap", "lib/x.so")));
    }

    [Theory]
    [InlineData("bin/bootstrap")]
    [InlineData("bootstrap.sh")]
    [InlineData("Bootstrap")]
    public void Problem_ProvidedWithoutRootBootstrap_IsAProblem(string file)
    {
        var problem = HandlerFiles.Problem("provided.al2023", "handler", Files(file));

        Assert.Equal("the package has no 'bootstrap' file at its root; a provided runtime starts that executable", problem);
    }

    [Fact]
    public void Problem_ProvidedWithBootstrapDirectory_IsAProblem()
    {
        var entries = new[] { new PackageEntry("bootstrap", PackageEntryKind.Directory, 0, 0) };

        var problem = HandlerFiles.Problem("provided.al2023", "handler", entries);

        Assert.Equal("the package has no 'bootstrap' file at its root; a provided runtime starts that executable", problem);
    }

    [Theory]
    [InlineData("java21", "com.example.Handler::handleRequest")]
    [InlineData("ruby3.3", "function.handler")]
    [InlineData("go1.x", "main")]
    public void Problem_UnknownRuntimeFamily_IsNull(string runtime, string handler)
    {
        Assert.Null(HandlerFiles.Problem(runtime, handler, []));
    }

    private static PackageEntry[] Files(params string[] paths) =>
        [.. paths.Select(p => new PackageEntry(p, PackageEntryKind.File, 0b110_100_100, 1))];
}
