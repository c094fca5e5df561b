// Copies test images from the main engine into another engine (`docker save | docker load` over the API), skipping
// those it already holds with the same ID: test images are built once, on the main engine, from local files.
import Docker from 'dockerode';

async function idIn(docker: Docker, name: string): Promise<string | undefined> {
  try {
    return ((await docker.getImage(name).inspect()) as { Id: string }).Id;
  } catch {
    return undefined;
  }
}

/** Copies `names` from `from` (the main engine by default) into `to`; images there already are left alone. */
export async function copyImages(to: Docker, names: string[], from: Docker = new Docker()): Promise<void> {
  const missing: string[] = [];
  for (const name of names) {
    const id = await idIn(from, name);
    if (!id) throw new Error(`test image ${name} is not on the main engine: its global setup builds it`);
    // Engines may spell IDs with or without `sha256:`.
    if ((await idIn(to, name))?.replace(/^sha256:/, '') !== id.replace(/^sha256:/, '')) missing.push(name);
  }
  if (missing.length === 0) return;
  // One archive for all: layers the images share (the node base) travel once.
  // `GET /images/get?names=…` (dockerode has it; its types do not).
  const exporter = from as unknown as { getImages(o: { names: string[] }): Promise<NodeJS.ReadableStream> };
  const archive = await exporter.getImages({ names: missing });
  const loading = (await to.loadImage(archive)) as NodeJS.ReadableStream;
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    loading.on('data', (c: Buffer) => (text += c.toString()));
    loading.on('end', () => resolve(text));
    loading.on('error', reject);
  });
  for (const name of missing)
    if (!(await idIn(to, name)))
      throw new Error(`loading ${name} into the engine failed: ${output.slice(-500)}`);
}
