print('python bootstrap placeholder')
