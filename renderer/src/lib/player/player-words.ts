// video.js's own words where they read oddly in the app's menus: its menus were lower-cased by its CSS,
// which the player undoes so track names keep their spelling ("Français (doublage)").
import videojs from 'video.js';

videojs.addLanguage('en', {
  'captions off': 'Off',
  'subtitles off': 'Off',
  'captions settings': 'Subtitle style',
  'Audio Track': 'Audio',
});
