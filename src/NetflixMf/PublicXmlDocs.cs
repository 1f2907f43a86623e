#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Removes the XML docs of members that are not visible outside the assembly (see PublicXmlDocs.targets).</summary>
/// <remarks>
/// The assembly and its references are loaded from bytes (never locking the files) only to read their metadata; no
/// code of theirs runs. Documentation ids are spelled as the C# compiler spells them: Ns.Type`1, M:Ns.Type.#ctor,
/// System.ReadOnlySpan{System.Int32}, ``0 for a method's type parameter, T@ for by-reference, T[] for arrays.
/// </remarks>
public sealed class NetflixMfKeepPublicXmlDocs : Task
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Required]
    public string AssemblyPath { get; set; } = "";

    [Required]
    public string DocumentationPath { get; set; } = "";

    public ITaskItem[] References { get; set; } = new ITaskItem[0];

    public override bool Execute()
    {
        if (!File.Exists(AssemblyPath) || !File.Exists(DocumentationPath)) return true;
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in References)
        {
            string path = reference.GetMetadata("FullPath");
            byName[Path.GetFileNameWithoutExtension(path)] = path;
        }
        var loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        ResolveEventHandler resolve = (_, args) =>
        {
            string name = new AssemblyName(args.Name).Name ?? "";
            if (loaded.TryGetValue(name, out var done)) return done;
            if (!byName.TryGetValue(name, out var file)) return null;
            return loaded[name] = Assembly.Load(File.ReadAllBytes(file));
        };
        AppDomain.CurrentDomain.AssemblyResolve += resolve;
        var visible = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var assembly = Assembly.Load(File.ReadAllBytes(AssemblyPath));
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.Where(t => t != null).ToArray()!;
            }
            foreach (var type in types.Where(IsVisible))
            {
                string typeName = DefinitionName(type);
                visible.Add("T:" + typeName);
                foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
                {
                    visible.Add("F:" + typeName + "." + field.Name);
                }
                foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).Where(IsVisible))
                {
                    visible.Add(MethodId(typeName, method));
                }
                foreach (var property in type.GetProperties(Declared))
                {
                    if (!new[] { property.GetGetMethod(true), property.GetSetMethod(true) }.Any(a => a != null && IsVisible(a))) continue;
                    visible.Add("P:" + typeName + "." + property.Name + Parameters(property.GetIndexParameters()));
                }
                foreach (var @event in type.GetEvents(Declared))
                {
                    var adder = @event.GetAddMethod(true);
                    if (adder != null && IsVisible(adder)) visible.Add("E:" + typeName + "." + @event.Name);
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            Log.LogWarning($"NetflixMf: could not read {AssemblyPath} to filter its XML docs ({e.Message}); the docs keep every member.");
            return true;
        }
        finally
        {
            AppDomain.CurrentDomain.AssemblyResolve -= resolve;
        }

        var document = XDocument.Load(DocumentationPath, LoadOptions.PreserveWhitespace);
        var members = document.Root?.Element("members");
        if (members == null) return true;
        var hidden = members.Elements("member").Where(m => !visible.Contains((string?)m.Attribute("name") ?? "")).ToList();
        foreach (var member in hidden)
        {
            // Take the indentation before the element with it, so the file stays tidy.
            if (member.PreviousNode is XText whitespace && string.IsNullOrWhiteSpace(whitespace.Value)) whitespace.Remove();
            member.Remove();
            Log.LogMessage(MessageImportance.Low, "NetflixMf: not public: " + (string?)member.Attribute("name"));
        }
        if (hidden.Count > 0)
        {
            document.Save(DocumentationPath);
            Log.LogMessage(MessageImportance.Normal, $"NetflixMf: removed the docs of {hidden.Count} non-public member(s) from {DocumentationPath}.");
        }
        return true;
    }

    private static bool IsVisible(Type type) =>
        type.IsNested ? (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!) : type.IsPublic;

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string MethodId(string typeName, MethodBase method)
    {
        string name = method.Name == ".ctor" ? "#ctor" : method.Name == ".cctor" ? "#cctor" : method.Name.Replace('.', '#');
        string id = "M:" + typeName + "." + name;
        if (method.IsGenericMethodDefinition) id += "``" + method.GetGenericArguments().Length;
        id += Parameters(method.GetParameters());
        if (method is MethodInfo info && (method.Name == "op_Implicit" || method.Name == "op_Explicit")) id += "~" + TypeName(info.ReturnType);
        return id;
    }

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => TypeName(p.ParameterType))) + ")";

    /// <summary>The name of a type definition in a T: id: Ns.Outer.Inner`1.</summary>
    private static string DefinitionName(Type type) =>
        type.IsNested ? DefinitionName(type.DeclaringType!) + "." + type.Name : (string.IsNullOrEmpty(type.Namespace) ? type.Name : type.Namespace + "." + type.Name);

    /// <summary>The name of a type used in a signature.</summary>
    private static string TypeName(Type type)
    {
        if (type.IsByRef) return TypeName(type.GetElementType()!) + "@";
        if (type.IsPointer) return TypeName(type.GetElementType()!) + "*";
        if (type.IsArray)
        {
            int rank = type.GetArrayRank();
            return TypeName(type.GetElementType()!) + (rank == 1 && type.Name.EndsWith("[]", StringComparison.Ordinal) ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", rank)) + "]");
        }
        if (type.IsGenericParameter) return (type.DeclaringMethod != null ? "``" : "`") + type.GenericParameterPosition;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            // Spread the arguments over the generic nesting levels: Outer`1.Inner`1 with [A, B] is Outer{A}.Inner{B}.
            var arguments = type.GetGenericArguments();
            var definition = type.GetGenericTypeDefinition();
            var chain = new List<Type>();
            for (var t = definition; t != null; t = t.IsNested ? t.DeclaringType : null) chain.Insert(0, t);
            var parts = new List<string>();
            int used = 0;
            foreach (var level in chain)
            {
                string name = level.Name;
                int tick = name.IndexOf('`');
                if (tick < 0)
                {
                    parts.Add(name);
                    continue;
                }
                int count = int.Parse(name.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
                parts.Add(name.Substring(0, tick) + "{" + string.Join(",", arguments.Skip(used).Take(count).Select(TypeName)) + "}");
                used += count;
            }
            string ns = chain[0].Namespace ?? "";
            return (ns.Length == 0 ? "" : ns + ".") + string.Join(".", parts);
        }
        return DefinitionName(type);
    }
}
