// The titles and libraries as the grid and the header see them.
import { listItems, listLibraries, type ItemDto, type LibraryDto } from '../api.ts';
import { compareItems } from '../format.ts';

class Catalog {
  /** null until the first answer */
  items = $state<ItemDto[] | null>(null);
  libraries = $state<LibraryDto[]>([]);
  /** the item last opened from the grid, so focus returns to its card */
  lastOpenedId = $state<number | null>(null);

  get scanning(): boolean {
    return this.libraries.some((library) => library.scanning);
  }

  /** a library is being scanned or has not had its first scan yet: more titles may come */
  get expectingMore(): boolean {
    return this.libraries.some((library) => library.scanning || library.lastScanAt === null);
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    const [libraries, items] = await Promise.all([listLibraries(signal), listItems(signal)]);
    this.libraries = libraries;
    this.items = items.sort(compareItems);
  }
}

export const catalog = new Catalog();
