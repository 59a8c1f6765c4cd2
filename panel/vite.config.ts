// One self-contained ES module per entry (the panel, the card), so Home Assistant loads each with a
// single request and neither depends on the other. `npm run build` runs this config once per
// entry (ENTRY=panel, ENTRY=card); file names carry no hash so the committed output is stable.
import { defineConfig } from "vitest/config";

const entries: Record<string, { input: string; file: string }> = {
  panel: { input: "src/panel/netio-panel.ts", file: "netio-panel.js" },
  card: { input: "src/card/netio-outlets-card.ts", file: "netio-outlets-card.js" },
};

export default defineConfig(() => {
  const entry = entries[process.env.ENTRY ?? "panel"];
  if (!entry) throw new Error(`unknown ENTRY ${process.env.ENTRY}`);
  return {
    build: {
      outDir: "../custom_components/netio/frontend",
      emptyOutDir: false,
      target: "es2022",
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: entry.input, formats: ["es" as const], fileName: () => entry.file },
      rolldownOptions: { output: { codeSplitting: false } },
    },
    test: { environment: "happy-dom", include: ["tests/**/*.test.ts"] },
  };
});
