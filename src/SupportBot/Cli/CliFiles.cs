namespace SupportBot.Cli;

/// <summary>What the commands that read a bot's database share: finding the file, and printing or writing the result.</summary>
internal static class CliFiles
{
    /// <summary>The database's full path, or null after telling the user there is none.</summary>
    public static string? ExistingDatabase(string dbPath, TextWriter error)
    {
        var full = Path.GetFullPath(dbPath);
        if (File.Exists(full))
        {
            return full;
        }
        error.WriteLine($"No database at {full}: give --db, or run where the bot runs (it keeps data/supportbot.db under its working folder).");
        return null;
    }

    /// <summary>Prints <paramref name="text"/>, or writes it to <paramref name="outFile"/> and prints <paramref name="wrote"/>.</summary>
    public static int PrintOrWrite(string text, FileInfo? outFile, TextWriter stdout, TextWriter error, Func<string, string> wrote)
    {
        if (outFile is null)
        {
            stdout.Write(text);
            return 0;
        }
        try
        {
            outFile.Directory?.Create();
            File.WriteAllText(outFile.FullName, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write {outFile.FullName}: {e.Message}");
            return CommandLine.Usage;
        }
        stdout.WriteLine(wrote(outFile.FullName));
        return 0;
    }
}
